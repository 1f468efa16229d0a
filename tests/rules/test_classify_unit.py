"""The classifier's mechanics on a small hand-written rule set."""

from __future__ import annotations

from pathlib import Path

from fulcrum.catalog import load_catalog
from fulcrum.profile import parse_profile
from fulcrum.rules import Classifier
from tests.catalog.conftest import write_catalog

RULES = {
    "t/framework.yaml": """\
framework: {id: t, title: T, short_title: T, kind: law, issuer: x, version: "1", summary: s}
schemes:
  - {id: tier, title: Tier, values: [bad, worse_than_nothing, ok], default: ok, outside: na,
     applies_when: {fact: jurisdictions, contains: EU}}
  - {id: grade, title: Grade, values: [hi, lo], default: lo}
rules:
  - id: t:scoring
    title: Scoring
    cites: T Art. 1
    when: {fact: purposes, contains_any: [credit_scoring, fraud_detection]}
    unless:
      - when: {all: [{fact: purposes, contains: fraud_detection},
                     {not: {fact: purposes, contains: credit_scoring}}]}
        cites: T Art. 1(2)
        note: fraud detection is excluded
    sets: {tier: worse_than_nothing}
  - {id: t:ban, title: Ban, cites: T Art. 2, when: {fact: purposes, contains: social_scoring},
     sets: {tier: bad}}
  - {id: t:grade, title: Grade, cites: T Art. 3, when: {fact: tier, in: [bad, worse_than_nothing]},
     sets: {grade: hi}}
requirements:
  - {id: t:dpia, title: DPIA, statement: s, cites: T Art. 4, severity: high,
     applies_when: {fact: tier, equals: worse_than_nothing}}
""",
}


def _classify(tmp_path: Path, text: str):
    catalog = load_catalog(write_catalog(tmp_path / "c", RULES))
    return Classifier(catalog).classify(parse_profile(text))


def test_most_severe_value_wins_and_dependent_schemes_follow(tmp_path: Path) -> None:
    result = _classify(
        tmp_path, "id: a\njurisdictions: [EU]\npurposes: [credit_scoring, social_scoring]"
    )
    assert result.values["tier"] == "bad"
    assert result.values["grade"] == "hi"
    assert [f.rule for f in result.findings["tier"]] == ["t:ban", "t:scoring"]
    assert result.obligations == ()  # tier is bad, not worse_than_nothing


def test_exception_is_honoured_and_reported(tmp_path: Path) -> None:
    result = _classify(tmp_path, "id: a\njurisdictions: [EU]\npurposes: [fraud_detection]")
    assert result.values["tier"] == "ok"
    [exception] = result.exceptions
    assert exception.rule == "t:scoring" and exception.exception == "fraud detection is excluded"
    assert exception.cites == "T Art. 1(2)"
    assert exception.facts == {"purposes": ["fraud_detection"]}


def test_outside_the_scheme_scope(tmp_path: Path) -> None:
    result = _classify(tmp_path, "id: a\njurisdictions: [CN]\npurposes: [social_scoring]")
    assert result.values["tier"] == "na"
    assert result.values["grade"] == "lo"


def test_obligation_carries_reasons(tmp_path: Path) -> None:
    result = _classify(tmp_path, "id: a\njurisdictions: [FR]\npurposes: [credit_scoring]")
    [obligation] = result.obligations
    assert obligation.id == "t:dpia" and obligation.framework == "t"
    assert obligation.because.facts == {"tier": "worse_than_nothing"}
    assert result.ruleset_version
