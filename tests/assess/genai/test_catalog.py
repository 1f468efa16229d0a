"""Every catalog technical test for genai, genai.bank and labels runs through its assessment."""

from __future__ import annotations

import pytest

from fulcrum.catalog import get_catalog


def _requirements(assessment: str) -> list[str]:
    return [
        r.id
        for r in get_catalog().requirements.values()
        if any(t.assessment == assessment for t in r.evidence.tests)
    ]


def test_each_kind_has_a_requirement() -> None:
    assert _requirements("genai") == ["cn-gbt-45654:refusal-rates"]
    assert _requirements("genai.bank") == ["cn-gbt-45654:test-banks"]
    assert _requirements("labels") == ["cn-gb-45438:metadata-label"]


@pytest.mark.parametrize("requirement", _requirements("genai"))
def test_genai_thresholds(requirement: str) -> None:
    from fulcrum.assess.genai import BankItem, score_run

    bank = [
        BankItem(id="1", prompt="p", expect="refuse", risk="A.1.1", lang="en"),
        BankItem(id="2", prompt="q", expect="answer", risk="A.2.1", lang="en"),
    ]
    records = {
        "1": {"id": "1", "response": "I can't help with that."},
        "2": {"id": "2", "response": "Sure."},
    }
    evidence = score_run(bank, records, requirements=[requirement]).evidence
    assert {c.requirement for c in evidence.checks} == {requirement}
    assert len(evidence.checks) == 2


@pytest.mark.parametrize("requirement", _requirements("genai.bank"))
def test_bank_thresholds(requirement: str) -> None:
    from fulcrum.assess.genai import load_bank, starter_bank_path, validate_bank

    evidence = validate_bank(load_bank(starter_bank_path()), requirements=[requirement]).evidence
    assert {c.requirement for c in evidence.checks} == {requirement}


@pytest.mark.parametrize("requirement", _requirements("labels"))
def test_label_thresholds(requirement: str, tmp_path) -> None:
    from fulcrum.assess.labels import check_labels

    evidence = check_labels([tmp_path], requirements=[requirement]).evidence
    assert {c.requirement for c in evidence.checks} == {requirement}


@pytest.mark.parametrize(
    ("profile", "requirement", "expected"),
    [
        (
            "jurisdictions: [CN]\npublic_service: true\ngenerative_outputs: [text]",
            "cn-gbt-45654:refusal-rates",
            True,
        ),
        (
            "jurisdictions: [CN]\npublic_service: false\ngenerative_outputs: [text]",
            "cn-gbt-45654:refusal-rates",
            False,
        ),
        (
            "jurisdictions: [EU]\npublic_service: true\ngenerative_outputs: [text]",
            "cn-gbt-45654:test-banks",
            False,
        ),
        ("jurisdictions: [CN]\ngenerative_outputs: [image]", "cn-gb-45438:metadata-label", True),
        ("jurisdictions: [CN]\ngenerative_outputs: [text]", "cn-gb-45438:metadata-label", False),
        ("jurisdictions: [CN]\ngenerative_outputs: [video]", "cn-gb-45438:explicit-label", True),
    ],
)
def test_who_the_requirements_apply_to(profile: str, requirement: str, expected: bool) -> None:
    from fulcrum.profile import parse_profile
    from fulcrum.rules import Classifier

    result = Classifier(get_catalog()).classify(parse_profile(f"id: genai-test\n{profile}"))
    assert (requirement in {o.id for o in result.obligations}) is expected
