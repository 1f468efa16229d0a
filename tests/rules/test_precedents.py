"""The precedent library and similarity search."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from fulcrum.catalog import get_catalog
from fulcrum.cli.main import app
from fulcrum.profile import Profile
from fulcrum.rules import similar_precedents

runner = CliRunner()


def test_at_least_thirty_sourced_precedents() -> None:
    precedents = get_catalog().precedents
    assert len(precedents) >= 30
    for p in precedents.values():
        assert p.sources and all(s.url or s.source for s in p.sources)
        assert p.date <= dt.date(2026, 12, 2)


def test_the_seed_cases_are_there() -> None:
    ids = set(get_catalog().precedents)
    for expected in (
        "precedents:cn-hangzhou-safari-park-2021",
        "precedents:nl-syri-2020",
        "precedents:it-garante-openai-fine-2024",
        "precedents:nl-ap-clearview-2024",
        "precedents:it-bologna-deliveroo-2020",
    ):
        assert expected in ids


def test_a_campus_face_gate_in_china_finds_the_hangzhou_judgment() -> None:
    gate = Profile.model_validate(
        {
            "id": "gate",
            "jurisdictions": ["CN"],
            "purposes": ["biometric_verification"],
            "biometric_modalities": ["face"],
            "data_categories": ["personal", "biometric"],
        }
    )
    best = similar_precedents(gate, limit=2)
    assert best[0].precedent.id.startswith("precedents:cn-hangzhou-safari-park")
    assert "biometric_modalities=face" in best[0].shared_facts
    assert "cn-pipl:art-28" in best[0].shared_provisions


def test_rider_management_finds_platform_work_cases() -> None:
    rider = Profile.model_validate(
        {
            "id": "rider",
            "jurisdictions": ["IT"],
            "purposes": ["worker_monitoring", "employment_decisions"],
            "settings": ["workplace"],
            "profiling": True,
        }
    )
    ids = [m.precedent.id for m in similar_precedents(rider, limit=3)]
    assert {"precedents:it-garante-foodinho-2021", "precedents:it-garante-deliveroo-2021"} & set(
        ids
    )


def test_nothing_shared_means_no_match() -> None:
    assert similar_precedents(Profile.model_validate({"id": "empty"})) == []


def test_cli(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("id: p\njurisdictions: [NL]\npurposes: [fraud_detection]\nprofiling: true\n")
    result = runner.invoke(app, ["precedents", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "precedents:nl-syri-2020" in result.output
    assert '"why"' in result.output
