"""Every catalog technical test for robustness or explain runs through its assessment."""

from __future__ import annotations

import pytest

from fulcrum.catalog import get_catalog

from ._compas import compas, pipeline


def _requirements(assessment: str) -> list[str]:
    return [
        r.id
        for r in get_catalog().requirements.values()
        if any(t.assessment == assessment for t in r.evidence.tests)
    ]


def test_the_issue_requirements_carry_tests() -> None:
    robust, explain = set(_requirements("robustness")), set(_requirements("explain"))
    assert {
        "eu-ai-act:art-15-accuracy-robustness",
        "nist-ai-rmf:measure-2.5",
        "iso-iec-42001:verification-validation",
    } <= robust
    assert {"eu-ai-act:art-13-instructions-for-use", "nist-ai-rmf:measure-2.9"} <= explain


@pytest.mark.parametrize("requirement", _requirements("robustness"))
def test_robustness_thresholds(requirement: str) -> None:
    from fulcrum.assess.robustness import assess_robustness

    result = assess_robustness(
        pipeline(),
        compas(),
        label="two_year_recid",
        sensitive=["race"],
        corruptions=["gaussian"],
        requirements=[requirement],
        stability_repeats=2,
        max_rows=2000,
    )
    assert any(c.requirement == requirement for c in result.checks)
    assert requirement in result.evidence.requirements
    assert all(c.value is not None for c in result.checks)


@pytest.mark.parametrize("requirement", _requirements("explain"))
def test_explain_thresholds(requirement: str) -> None:
    from fulcrum.assess.explain import assess_explain

    result = assess_explain(
        pipeline(),
        compas(),
        label="two_year_recid",
        sensitive=["race"],
        requirements=[requirement],
        n_repeats=2,
        shap_rows=150,
        min_group_size=10,
        background_rows=10,
        pdp=[],
        max_rows=2000,
    )
    assert any(c.requirement == requirement for c in result.checks)
    assert requirement in result.evidence.requirements
    assert all(c.value is not None for c in result.checks)
