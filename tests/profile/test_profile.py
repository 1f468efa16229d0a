"""The profile contract of shared/spec/profile.md: every field, strictness, clear errors."""

from __future__ import annotations

import json

import pytest

from fulcrum.errors import ProfileError
from fulcrum.profile import FACT_VOCABULARY, PURPOSES, Profile, load_profile, parse_profile

FULL = """\
id: campus-face-gate
name: Gate
version: "2"
description: d
owner: o
jurisdictions: [CN, de]
role: deployer
deployer_type: public_authority
purposes: [remote_biometric_identification, biometric_verification]
settings: [education, public_space]
biometric_modalities: [face]
biometric_mode: realtime
law_enforcement_exception: none
inferred_attributes: [age]
emotion_recognition_reason: none
data_categories: [biometric, minors]
affected_persons: 100000
public_service: true
public_opinion_attributes: false
generative_outputs: [image]
general_purpose_model: false
training_compute_flops: 1.0e+20
automation: fully_automated
decision_impact: significant
profiling: true
safety_or_health_risk: true
human_machine_integration: false
cross_border_transfer: true
safety_component_of_regulated_product: false
art6_3_exemption: preparatory_task
"""


def test_every_contract_field_is_accepted() -> None:
    profile = parse_profile(FULL)
    assert profile.jurisdictions == ("CN", "DE")
    assert profile.in_eu
    assert profile.facts()["jurisdictions"] == frozenset({"CN", "DE", "EU"})
    assert profile.affected_persons == 100_000
    assert profile.training_compute_flops == 1e20


def test_defaults() -> None:
    profile = parse_profile("id: x")
    assert profile.role == "both" and profile.deployer_type == "private"
    assert profile.purposes == () and profile.profiling is False
    assert not profile.in_eu


def test_vocabulary_matches_the_contract() -> None:
    assert len(PURPOSES) == 41
    assert FACT_VOCABULARY["settings"] == (
        "workplace",
        "education",
        "public_space",
        "online",
        "healthcare",
        "vehicle",
        "home",
        "border",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: x\npurposse: [chatbot]\n", r"p.yaml:2: purposse: unknown field"),
        (
            "id: x\npurposes: [chatbot, chatbott]\n",
            r"p.yaml:2: purposes\[1\]: unknown value 'chatbott'",
        ),
        ("id: x\nprofiling: perhaps\n", r"p.yaml:2: profiling: .*valid boolean"),
        (
            "id: x\naffected_persons: -3\n",
            r"p.yaml:2: affected_persons: .*greater than or equal to 0",
        ),
        ("id: x\njurisdictions: [Germany]\n", r"jurisdictions: .*'Germany' is not 'EU'"),
        ("name: no id\n", r"p.yaml:1: required field 'id' is missing"),
        ("id: x\n  bad: [\n", r"p.yaml:2:6: invalid YAML"),
        ("- a list\n", r"p.yaml: a profile must be a mapping"),
        ("id: Not A Slug\n", r"p.yaml:1: id: .*slug"),
    ],
)
def test_bad_profiles_name_file_line_and_field(text: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        parse_profile(text, "p.yaml")


def test_json_profiles_and_files(tmp_path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"id": "j", "purposes": ["chatbot"]}))
    assert load_profile(path).purposes == ("chatbot",)
    with pytest.raises(ProfileError, match="no such file"):
        load_profile(tmp_path / "missing.yaml")


def test_profile_is_immutable() -> None:
    profile = parse_profile("id: x")
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen error type varies
        profile.id = "y"  # type: ignore[misc]
    assert isinstance(profile, Profile)
