"""Independent golden cases: expectations written by hand from the Act's text, its recitals, the
Commission's guidelines on prohibited practices (C(2025) 884) and on high-risk classification,
and the Dutch government's AI Act decision tree (the "AI Act beslishulp"). They are tables of
facts and expected verdicts, not derived from Fulcrum's rules: when a rule changes, a case here
fails until someone checks the law again.

Columns: case, profile facts (EU unless given), expected tier, expected transparency flag, a rule
that must be among the reasons (or None), a rule whose written exception must be named (or None).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fulcrum.profile import Profile
from fulcrum.rules import Classification, default_classifier

AS_OF = dt.date(2026, 12, 2)
FACE = {"biometric_modalities": ["face"]}

CASES: list[tuple[str, dict[str, Any], str, bool, str | None, str | None]] = [
    # --- Art. 5(1)(f), Recital 44 and the guidelines: the context decides, not `settings`
    (
        "emotion recognition in video job interviews (guidelines: recruitment is the workplace)",
        {"purposes": ["emotion_recognition", "recruitment_selection"], **FACE},
        "prohibited",
        True,
        "tier-art-5-1-f",
        None,
    ),
    (
        "emotions of students inferred from webcams during online exams",
        {"purposes": ["exam_proctoring"], "inferred_attributes": ["emotion"], **FACE},
        "prohibited",
        True,
        "tier-art-5-1-f",
        None,
    ),
    (
        "emotion recognition of job applicants, no setting given",
        {"purposes": ["emotion_recognition"], "affected_groups": ["job_applicants"], **FACE},
        "prohibited",
        True,
        "tier-art-5-1-f",
        None,
    ),
    (
        "call-centre emotion recognition of customers (not workers): Annex III 1(c)",
        {
            "purposes": ["emotion_recognition"],
            "affected_groups": ["customers"],
            "biometric_modalities": ["voice"],
        },
        "high",
        True,
        "tier-annex-iii-1-c",
        None,
    ),
    (
        "driver drowsiness detection at work for safety reasons",
        {
            "purposes": ["emotion_recognition"],
            "settings": ["workplace", "vehicle"],
            "emotion_recognition_reason": "safety",
            **FACE,
        },
        "high",
        True,
        "tier-annex-iii-1-c",
        "tier-art-5-1-f",
    ),
    # --- Art. 3(39): emotions inferred without biometric data are not emotion recognition
    (
        "sentiment of employees' e-mails (text, no biometric data)",
        {
            "inferred_attributes": ["emotion"],
            "settings": ["workplace"],
            "data_categories": ["personal"],
        },
        "minimal",
        False,
        None,
        None,
    ),
    (
        "sentiment of students' essays",
        {"inferred_attributes": ["emotion"], "settings": ["education"]},
        "minimal",
        False,
        None,
        None,
    ),
    # --- biometric categorisation: Art. 5(1)(g), Annex III 1(b), Recital 54, Art. 50(3)
    (
        "age estimation from faces for age checks",
        {"purposes": ["biometric_categorisation"], "inferred_attributes": ["age"], **FACE},
        "limited",
        True,
        "tier-art-50-3",
        "tier-annex-iii-1-b",
    ),
    (
        "retail footfall analytics by sex and age",
        {"purposes": ["biometric_categorisation"], "inferred_attributes": ["age", "sex"], **FACE},
        "limited",
        True,
        "tier-art-50-3",
        "tier-annex-iii-1-b",
    ),
    (
        "inferring sexual orientation from faces",
        {
            "purposes": ["biometric_categorisation"],
            "inferred_attributes": ["sexual_orientation"],
            **FACE,
        },
        "prohibited",
        True,
        "tier-art-5-1-g",
        None,
    ),
    (
        "labelling a lawfully acquired face dataset by ethnicity (Art. 5(1)(g) carve-out)",
        {"inferred_attributes": ["race"], "lawful_dataset_labelling": True, **FACE},
        "high",
        False,
        "tier-annex-iii-1-b",
        "tier-art-5-1-g",
    ),
    # --- remote biometric identification: Art. 5(1)(h), Annex III 1(a), Art. 3(46)
    (
        "live facial recognition by police in a station, no exception",
        {
            "purposes": ["remote_biometric_identification"],
            "biometric_mode": "realtime",
            "settings": ["public_space"],
            "deployer_type": "law_enforcement",
            **FACE,
        },
        "prohibited",
        False,
        "tier-art-5-1-h",
        None,
    ),
    (
        "same, by a private security firm acting for the police",
        {
            "purposes": ["remote_biometric_identification"],
            "biometric_mode": "realtime",
            "settings": ["public_space"],
            "acts_for_public_authority": True,
            **FACE,
        },
        "prohibited",
        False,
        "tier-art-5-1-h",
        None,
    ),
    (
        "live facial recognition to find an abducted child",
        {
            "purposes": ["remote_biometric_identification"],
            "biometric_mode": "realtime",
            "settings": ["public_space"],
            "deployer_type": "law_enforcement",
            "law_enforcement_exception": "victim_search",
            **FACE,
        },
        "high",
        False,
        "tier-annex-iii-1-a",
        "tier-art-5-1-h",
    ),
    (
        "door where employees present their face to be identified (not remote)",
        {"purposes": ["biometric_identification"], "settings": ["workplace"], **FACE},
        "minimal",
        False,
        None,
        None,
    ),
    (
        "phone unlock by face (one-to-one verification)",
        {"purposes": ["biometric_verification"], **FACE},
        "minimal",
        False,
        None,
        "tier-annex-iii-1-a",
    ),
    # --- scope: Art. 3(1) and Art. 2
    (
        "military targeting system",
        {
            "purposes": ["remote_biometric_identification"],
            "scope_exclusions": ["military_defence_national_security"],
        },
        "out_of_scope",
        False,
        "scope-art-2-3",
        None,
    ),
    (
        "research prototype never placed on the market",
        {
            "purposes": ["recruitment_selection"],
            "scope_exclusions": ["pre_market_research_testing"],
        },
        "out_of_scope",
        False,
        "scope-art-2-8",
        None,
    ),
    (
        "hand-written rules engine for benefit eligibility (not an AI system)",
        {"purposes": ["public_benefits_eligibility"], "is_ai_system": False},
        "out_of_scope",
        False,
        "scope-art-3-1",
        None,
    ),
    (
        "open-source spam filter",
        {"purposes": ["spam_filtering"], "scope_exclusions": ["free_open_source"]},
        "out_of_scope",
        False,
        "scope-art-2-12",
        None,
    ),
    (
        "open-source chatbot (Art. 50 still applies)",
        {"purposes": ["chatbot"], "scope_exclusions": ["free_open_source"]},
        "limited",
        True,
        "tier-art-50-1",
        None,
    ),
    (
        "open-source CV screener (high-risk is never excluded)",
        {"purposes": ["recruitment_selection"], "scope_exclusions": ["free_open_source"]},
        "high",
        False,
        "tier-annex-iii-4-a",
        None,
    ),
    # --- Annex III 8(b) and Art. 6(3)
    (
        "campaign logistics tool (Annex III 8(b) exclusion)",
        {"purposes": ["election_influence"], "election_logistics_only": True},
        "minimal",
        False,
        None,
        "tier-annex-iii-8-b",
    ),
    (
        "micro-targeting voters",
        {"purposes": ["election_influence"]},
        "high",
        False,
        "tier-annex-iii-8-b",
        None,
    ),
    (
        "CV ranking as a preparatory task but profiling candidates: Art. 6(3) never applies",
        {
            "purposes": ["recruitment_selection"],
            "art6_3_exemption": "preparatory_task",
            "profiling": True,
        },
        "high",
        False,
        "tier-annex-iii-4-a",
        None,
    ),
    # --- Art. 50 carve-outs
    (
        "deep fakes made for a criminal investigation authorised by law",
        {"purposes": ["deep_synthesis"], "authorised_by_law_for_criminal_offences": True},
        "minimal",
        False,
        None,
        "tier-art-50-4-deep-fake",
    ),
    (
        "grammar checker (assistive editing only)",
        {"generative_outputs": ["text"], "assistive_editing_only": True},
        "minimal",
        False,
        None,
        "tier-art-50-2",
    ),
    (
        "AI-written news under editorial responsibility (50(4) text exception; 50(2) remains)",
        {"generative_outputs": ["text"], "public_interest_text": True, "editorial_control": True},
        "limited",
        True,
        "tier-art-50-2",
        "tier-art-50-4-public-interest-text",
    ),
    (
        "AI-written news published without human review",
        {"generative_outputs": ["text"], "public_interest_text": True},
        "limited",
        True,
        "tier-art-50-4-public-interest-text",
        None,
    ),
    (
        "police chatbot open to the public for reporting crimes (no carve-out)",
        {
            "purposes": ["chatbot"],
            "authorised_by_law_for_criminal_offences": True,
            "public_service": True,
        },
        "limited",
        True,
        "tier-art-50-1",
        None,
    ),
    # --- the prohibitions the Digital Omnibus on AI added
    (
        "nudification app",
        {"purposes": ["non_consensual_intimate_imagery"], "generative_outputs": ["image"]},
        "prohibited",
        True,
        "tier-art-5-1-ba",
        None,
    ),
    (
        "generator of child sexual abuse material",
        {"purposes": ["child_sexual_abuse_material"]},
        "prohibited",
        False,
        "tier-art-5-1-bb",
        None,
    ),
    # --- Annex I
    (
        "safety component of a medical device (Annex I Section A)",
        {"safety_component_of_regulated_product": True, "annex_i_section": "A"},
        "high",
        False,
        "tier-art-6-1",
        None,
    ),
]


def classify(facts: dict[str, Any]) -> Classification:
    data = {"id": "independent", "jurisdictions": ["EU"], **facts}
    return default_classifier().classify(Profile.model_validate(data), as_of=AS_OF)


@pytest.mark.parametrize(
    ("facts", "tier", "transparency", "rule", "excepted"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_independent_case(
    facts: dict[str, Any], tier: str, transparency: bool, rule: str | None, excepted: str | None
) -> None:
    result = classify(facts)
    reasons = result.because("eu_ai_act.tier", "eu_ai_act.transparency")
    assert result.eu_tier == tier
    assert result.values["eu_ai_act.transparency"] is transparency
    if rule:
        assert f"eu-ai-act:{rule}" in {r["rule"] for r in reasons if "exception" not in r}
    if excepted:
        assert f"eu-ai-act:{excepted}" in {r["rule"] for r in reasons if "exception" in r}


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def test_annex_i_section_b_product_is_high_risk_without_chapter_iii_duties() -> None:
    # Art. 2(2): for Section B products (e.g. civil aviation) only Art. 6(1), Arts. 102-109 and
    # 112 apply, so no Chapter III provider or deployer obligation follows from the tier.
    result = classify({"safety_component_of_regulated_product": True, "annex_i_section": "B"})
    assert result.eu_tier == "high"
    ids = {o.id for o in result.obligations}
    assert "eu-ai-act:art-9-risk-management" not in ids
    assert "eu-ai-act:art-26-deployer-obligations" not in ids


def test_out_of_scope_systems_carry_no_eu_ai_act_obligation() -> None:
    result = classify({"purposes": ["chatbot"], "is_ai_system": False})
    assert result.eu_tier == "out_of_scope"
    assert not [o for o in result.obligations if o.framework == "eu-ai-act"]


def test_open_source_model_is_exempt_from_documentation_but_not_copyright_policy() -> None:
    # Art. 53(2): Art. 53(1)(a)-(b) do not apply to open-source models without systemic risk;
    # Art. 53(1)(c)-(d) still do.
    result = classify({"general_purpose_model": True, "open_source_model": True})
    ids = {o.id for o in result.obligations}
    assert "eu-ai-act:art-53-gpai-documentation" not in ids
    assert "eu-ai-act:art-53-gpai-copyright-and-training-summary" in ids
    systemic = classify(
        {"general_purpose_model": True, "open_source_model": True, "training_compute_flops": 1e26}
    )
    assert "eu-ai-act:art-53-gpai-documentation" in {o.id for o in systemic.obligations}


def test_out_of_scope_names_only_the_exclusion() -> None:
    result = classify({"purposes": ["public_benefits_eligibility"], "is_ai_system": False})
    rules = [r["rule"] for r in result.because("eu_ai_act.tier")]
    assert rules == ["eu-ai-act:scope-art-3-1"]
