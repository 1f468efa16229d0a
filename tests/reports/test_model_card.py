"""Model card sections and the CycloneDX ML-BOM, checked against the CycloneDX 1.6 schema."""

from __future__ import annotations

import json

import pytest

from fulcrum.evidence import Evidence
from fulcrum.reports import cyclonedx_model_card, render_model_card
from tests.reports.conftest import Tables, screener_record

HF_SECTIONS = [
    "## Model Details",
    "## Uses",
    "### Direct Use",
    "### Out-of-Scope Use",
    "## Bias, Risks, and Limitations",
    "## Training Details",
    "## Evaluation",
    "## Environmental Impact",
    "## Model Card Contact",
]


def test_markdown_has_the_hugging_face_sections_in_order(compas_evidence: Evidence) -> None:
    md = render_model_card(screener_record(compas_evidence)).decode()
    assert md.startswith("---\n") and "model_name: eu-recruitment-screener" in md
    positions = [md.index(s + "\n") for s in HF_SECTIONS]
    assert positions == sorted(positions)
    assert "Used for recruitment_selection in workplace" in md
    # evaluation by group, and the failed check is a limitation
    assert "| sex=Female, race=African-American | 652 |" in md
    assert "demographic_parity_ratio fail" in md


def test_html_card(compas_evidence: Evidence) -> None:
    page = Tables(render_model_card(screener_record(compas_evidence), format="html").decode())
    assert "Bias, Risks, and Limitations" in page.headings


def test_cyclonedx_is_valid_and_carries_group_metrics(compas_evidence: Evidence) -> None:
    pytest.importorskip("cyclonedx")
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    bom = cyclonedx_model_card(screener_record(compas_evidence))
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(bom))
    assert error is None, error
    (component,) = bom["components"]
    assert component["type"] == "machine-learning-model"
    metrics = component["modelCard"]["quantitativeAnalysis"]["performanceMetrics"]
    rate = next(
        m for m in metrics
        if m["type"] == "selection_rate" and m["slice"] == "sex=Female, race=African-American"
    )  # fmt: skip
    assert float(rate["value"]) == pytest.approx(337 / 652, abs=1e-6)
    # and the validator does fail on a wrong document
    bom["components"][0]["type"] = "model"
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(bom)) is not None
