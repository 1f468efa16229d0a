"""The seeds' Chinese standards: MLPS 2.0 level 3, GB/T 35273-2020, the face-recognition
standards, and coverage across the four schemes the organisation holds."""

from __future__ import annotations

import datetime as dt

from typer.testing import CliRunner

from fulcrum.catalog import get_catalog
from fulcrum.cli.main import app
from fulcrum.profile import Profile
from fulcrum.rules import default_classifier

runner = CliRunner()

# (framework, standard number in the title, published, in force) - from the standards' covers
STANDARDS = [
    ("cn-mlps", "GB/T 22239-2019", dt.date(2019, 5, 10), dt.date(2019, 12, 1)),
    ("cn-gbt-35273", "GB/T 35273-2020", dt.date(2020, 3, 6), dt.date(2020, 10, 1)),
    (
        "cn-face-recognition-standards",
        "GB/T 41819-2022",
        dt.date(2022, 10, 14),
        dt.date(2023, 5, 1),
    ),
]


def test_standard_numbers_and_dates() -> None:
    catalog = get_catalog()
    for framework, number, published, effective in STANDARDS:
        fw = catalog.frameworks[framework]
        assert number in fw.title
        assert (fw.published, fw.effective) == (published, effective)
        assert fw.citations and all(c.url for c in fw.citations)
    assert "GB/T 38671-2020" in catalog.frameworks["cn-face-recognition-standards"].title


def test_mlps_level_3_families() -> None:
    controls = get_catalog().items("controls", "cn-mlps")
    refs = {c.ref for c in controls}
    general = {f"8.1.{i}" for i in range(1, 11)}
    assert general <= refs
    assert {"8.2", "8.3", "8.4", "8.5"} <= refs  # cloud, mobile, IoT, industrial control


def test_a_face_gate_in_china_gets_the_standards() -> None:
    gate = Profile.model_validate(
        {
            "id": "gate",
            "jurisdictions": ["CN"],
            "purposes": ["biometric_verification"],
            "biometric_modalities": ["face"],
            "data_categories": ["personal", "biometric"],
        }
    )
    ids = {o.id for o in default_classifier().classify(gate).obligations}
    assert {
        "cn-mlps:level-3-technical",
        "cn-mlps:level-3-personal-information",
        "cn-gbt-35273:storage-deidentification",
        "cn-face-recognition-standards:gbt-41819-consent-alternatives",
        "cn-face-recognition-standards:gbt-38671-liveness-security",
    } <= ids
    assert "cn-mlps:level-3-cloud" not in ids  # an extension a reviewer applies, not an obligation


def test_one_control_serves_several_schemes() -> None:
    matrix = {
        req: (statuses, n)
        for req, statuses, n in get_catalog().coverage_matrix(
            "cn-mlps", ("iso-iec-27001", "iso-iec-27701", "iso-iec-29151")
        )
    }
    statuses, n = matrix["cn-mlps:level-3-technical"]
    assert n == 3 and set(statuses.values()) == {"covered"}
    assert matrix["cn-mlps:level-3-iot"][1] == 0


def test_coverage_cli_with_several_targets() -> None:
    result = runner.invoke(
        app,
        [
            "catalog",
            "coverage",
            "cn-mlps",
            "iso-iec-27001",
            "iso-iec-27701",
            "iso-iec-29151",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert '"covered_in": 3' in result.output
