"""Golden cases for the EU AI Act content: every Art. 5 practice and exception, every Annex III
point and exclusion, Art. 6(3), each Art. 50 duty, GPAI, and jurisdiction scoping."""

from __future__ import annotations

from typing import Any

import pytest

from fulcrum.catalog import get_catalog
from fulcrum.profile import Profile
from fulcrum.rules import Classification, default_classifier

EU = "eu-ai-act"
RBI_LAW_ENFORCEMENT = {
    "purposes": ["remote_biometric_identification"],
    "biometric_mode": "realtime",
    "settings": ["public_space"],
    "deployer_type": "law_enforcement",
}


def classify(facts: dict[str, Any]) -> Classification:
    """Classify a small profile (EU unless the case says otherwise)."""
    data = {"id": "golden", "jurisdictions": ["EU"], **facts}
    return default_classifier().classify(Profile.model_validate(data))


def applied(result: Classification) -> set[str]:
    """Rules that set the tier or the transparency flag."""
    return {
        b["rule"]
        for b in result.because("eu_ai_act.tier", "eu_ai_act.transparency")
        if "exception" not in b
    }


def excepted(result: Classification) -> dict[str, str]:
    """Rules stopped by a written exception, with the exception's citation."""
    return {
        b["rule"]: b["cites"]
        for b in result.because("eu_ai_act.tier", "eu_ai_act.transparency")
        if "exception" in b
    }


def obligations(result: Classification, framework: str = EU) -> set[str]:
    return {o.id for o in result.obligations if o.framework == framework}


# (case, profile facts, tier, rule that must hold, rule whose exception must be named)
ART_5 = [
    ("5-1-a", {"purposes": ["subliminal_manipulation"]}, "prohibited", "tier-art-5-1-a", None),
    ("5-1-b", {"purposes": ["exploit_vulnerabilities"]}, "prohibited", "tier-art-5-1-b", None),
    ("5-1-c", {"purposes": ["social_scoring"]}, "prohibited", "tier-art-5-1-c", None),
    ("5-1-d", {"purposes": ["crime_prediction_profiling"]}, "prohibited", "tier-art-5-1-d", None),
    (
        "5-1-d carve-out: supports a fact-based human assessment (Annex III 6(d))",
        {"purposes": ["law_enforcement_reoffending_risk"]},
        "high",
        "tier-annex-iii-6-d",
        None,
    ),
    ("5-1-e", {"purposes": ["facial_image_scraping"]}, "prohibited", "tier-art-5-1-e", None),
    (
        "5-1-f workplace",
        {"purposes": ["emotion_recognition"], "settings": ["workplace"]},
        "prohibited",
        "tier-art-5-1-f",
        None,
    ),
    (
        "5-1-f education, emotion inferred from faces",
        {
            "inferred_attributes": ["emotion"],
            "settings": ["education"],
            "biometric_modalities": ["face"],
        },
        "prohibited",
        "tier-art-5-1-f",
        None,
    ),
    (
        "5-1-f other reason is no exception",
        {
            "purposes": ["emotion_recognition"],
            "settings": ["workplace"],
            "emotion_recognition_reason": "other",
        },
        "prohibited",
        "tier-art-5-1-f",
        None,
    ),
    (
        "5-1-f exception: medical reasons",
        {
            "purposes": ["emotion_recognition"],
            "settings": ["workplace"],
            "emotion_recognition_reason": "medical",
        },
        "high",
        "tier-annex-iii-1-c",
        "tier-art-5-1-f",
    ),
    (
        "5-1-f exception: safety reasons",
        {
            "purposes": ["emotion_recognition"],
            "settings": ["vehicle", "workplace"],
            "emotion_recognition_reason": "safety",
        },
        "high",
        "tier-annex-iii-1-c",
        "tier-art-5-1-f",
    ),
    (
        "5-1-f outside workplace and education",
        {"purposes": ["emotion_recognition"], "settings": ["healthcare"]},
        "high",
        "tier-annex-iii-1-c",
        None,
    ),
    (
        "5-1-g from face modality",
        {"biometric_modalities": ["face"], "inferred_attributes": ["sexual_orientation"]},
        "prohibited",
        "tier-art-5-1-g",
        None,
    ),
    (
        "5-1-g not for age or sex, nor Annex III 1(b) (Recital 54): Art. 50(3) only",
        {"purposes": ["biometric_categorisation"], "inferred_attributes": ["age", "sex"]},
        "limited",
        "tier-art-50-3",
        "tier-annex-iii-1-b",
    ),
    ("5-1-h", RBI_LAW_ENFORCEMENT, "prohibited", "tier-art-5-1-h", None),
    (
        "5-1-h not real-time: post identification",
        {**RBI_LAW_ENFORCEMENT, "biometric_mode": "post"},
        "high",
        "tier-annex-iii-1-a",
        None,
    ),
    (
        "5-1-h not law enforcement",
        {**RBI_LAW_ENFORCEMENT, "deployer_type": "public_authority"},
        "high",
        "tier-annex-iii-1-a",
        None,
    ),
    (
        "5-1-h not a public space",
        {**RBI_LAW_ENFORCEMENT, "settings": ["border"]},
        "high",
        "tier-annex-iii-1-a",
        None,
    ),
]

SENSITIVE = [
    "race",
    "political_opinions",
    "trade_union_membership",
    "religious_beliefs",
    "sex_life",
    "sexual_orientation",
]


@pytest.mark.parametrize(
    ("facts", "tier", "rule", "exception"), [c[1:] for c in ART_5], ids=[c[0] for c in ART_5]
)
def test_art_5_practices_and_exceptions(
    facts: dict[str, Any], tier: str, rule: str, exception: str | None
) -> None:
    result = classify(facts)
    assert result.eu_tier == tier
    assert f"{EU}:{rule}" in applied(result)
    if exception:
        assert f"{EU}:{exception}" in excepted(result)
    assert (f"{EU}:art-5-prohibited-practice" in obligations(result)) == (tier == "prohibited")


@pytest.mark.parametrize("attribute", SENSITIVE)
def test_art_5_1_g_each_sensitive_attribute(attribute: str) -> None:
    result = classify(
        {"purposes": ["biometric_categorisation"], "inferred_attributes": [attribute]}
    )
    assert result.eu_tier == "prohibited"
    assert f"{EU}:tier-art-5-1-g" in applied(result)


@pytest.mark.parametrize(
    ("exception", "cites"),
    [
        ("victim_search", "EU AI Act Art. 5(1)(h)(i)"),
        ("imminent_threat", "EU AI Act Art. 5(1)(h)(ii)"),
        ("serious_crime_suspect", "EU AI Act Art. 5(1)(h)(iii)"),
    ],
)
def test_art_5_1_h_law_enforcement_exceptions(exception: str, cites: str) -> None:
    result = classify({**RBI_LAW_ENFORCEMENT, "law_enforcement_exception": exception})
    assert result.eu_tier == "high"
    assert excepted(result)[f"{EU}:tier-art-5-1-h"] == cites
    assert f"{EU}:tier-annex-iii-1-a" in applied(result)
    assert f"{EU}:art-5-2-rbi-safeguards" in obligations(result)


ANNEX_III = [
    ("1-a", {"purposes": ["remote_biometric_identification"]}),
    ("1-b", {"purposes": ["biometric_categorisation"]}),
    ("1-c", {"purposes": ["emotion_recognition"]}),
    ("2", {"purposes": ["critical_infrastructure_safety"]}),
    ("3-a", {"purposes": ["education_admission"]}),
    ("3-b", {"purposes": ["education_assessment"]}),
    ("3-c", {"purposes": ["education_level_assignment"]}),
    ("3-d", {"purposes": ["exam_proctoring"]}),
    ("4-a", {"purposes": ["recruitment_selection"]}),
    ("4-b", {"purposes": ["employment_decisions"]}),
    ("4-b", {"purposes": ["worker_monitoring"]}),
    ("5-a", {"purposes": ["public_benefits_eligibility"]}),
    ("5-b", {"purposes": ["credit_scoring"]}),
    ("5-b", {"purposes": ["credit_scoring", "fraud_detection"]}),
    ("5-c", {"purposes": ["insurance_pricing_life_health"]}),
    ("5-d", {"purposes": ["emergency_triage"]}),
    ("6-a", {"purposes": ["law_enforcement_victim_risk"]}),
    ("6-b", {"purposes": ["law_enforcement_polygraph"]}),
    ("6-c", {"purposes": ["law_enforcement_evidence_reliability"]}),
    ("6-d", {"purposes": ["law_enforcement_reoffending_risk"]}),
    ("6-e", {"purposes": ["law_enforcement_profiling"]}),
    ("7-a", {"purposes": ["law_enforcement_polygraph"], "settings": ["border"]}),
    ("7-b", {"purposes": ["migration_risk_assessment"]}),
    ("7-c", {"purposes": ["migration_application_examination"]}),
    ("7-d", {"purposes": ["border_identification"]}),
    (
        "7-d",
        {"purposes": ["border_identification", "biometric_verification"], "settings": ["border"]},
    ),
    ("8-a", {"purposes": ["judicial_decision_support"]}),
    ("8-b", {"purposes": ["election_influence"]}),
]


@pytest.mark.parametrize(
    ("point", "facts"), ANNEX_III, ids=[f"{p}-{'+'.join(f['purposes'])}" for p, f in ANNEX_III]
)
def test_annex_iii_points(point: str, facts: dict[str, Any]) -> None:
    result = classify(facts)
    assert result.eu_tier == "high"
    assert f"{EU}:tier-annex-iii-{point}" in applied(result)
    assert result.values["eu_ai_act.annex_iii"] is True
    assert f"{EU}:tier-annex-iii-{point}" not in excepted(result)


EXCLUSIONS = [
    (
        "1(a): verification that only confirms identity",
        {"purposes": ["biometric_verification"], "biometric_modalities": ["face"]},
        ["tier-annex-iii-1-a"],
    ),
    (
        "5(b): financial fraud detection",
        {"purposes": ["fraud_detection"], "data_categories": ["financial"]},
        ["tier-annex-iii-5-b"],
    ),
    (
        "7(d): travel-document verification at the border",
        {"purposes": ["biometric_verification"], "settings": ["border"]},
        ["tier-annex-iii-1-a", "tier-annex-iii-7-d"],
    ),
]


@pytest.mark.parametrize(
    ("facts", "rules"), [c[1:] for c in EXCLUSIONS], ids=[c[0] for c in EXCLUSIONS]
)
def test_annex_iii_written_exclusions(facts: dict[str, Any], rules: list[str]) -> None:
    result = classify(facts)
    assert result.eu_tier == "minimal"
    assert result.values["eu_ai_act.annex_iii"] is False
    assert set(excepted(result)) == {f"{EU}:{r}" for r in rules}


def test_safety_component_of_regulated_product_is_high_risk_art_6_1() -> None:
    result = classify({"safety_component_of_regulated_product": True})
    assert result.eu_tier == "high"
    assert f"{EU}:tier-art-6-1" in applied(result)
    # not an Annex III system: no EU database registration under Art. 49(1)
    assert result.values["eu_ai_act.annex_iii"] is False
    assert f"{EU}:art-49-1-registration" not in obligations(result)
    assert f"{EU}:art-9-risk-management" in obligations(result)


@pytest.mark.parametrize(
    "exemption",
    [
        "narrow_procedural_task",
        "improves_completed_human_activity",
        "detects_patterns_without_replacing_assessment",
        "preparatory_task",
    ],
)
def test_art_6_3_derogation_without_profiling(exemption: str) -> None:
    result = classify({"purposes": ["recruitment_selection"], "art6_3_exemption": exemption})
    assert result.eu_tier == "minimal"
    assert excepted(result) == {f"{EU}:tier-annex-iii-4-a": "EU AI Act Art. 6(3)"}
    assert f"{EU}:art-6-4-derogation-assessment" in obligations(result)
    assert f"{EU}:art-9-risk-management" not in obligations(result)


def test_art_6_3_derogation_never_applies_to_profiling() -> None:
    result = classify(
        {
            "purposes": ["recruitment_selection"],
            "art6_3_exemption": "preparatory_task",
            "profiling": True,
        }
    )
    assert result.eu_tier == "high"
    assert f"{EU}:tier-annex-iii-4-a" in applied(result)
    assert excepted(result) == {}
    assert f"{EU}:art-6-4-derogation-assessment" not in obligations(result)


def test_art_6_3_does_not_reach_art_6_1_products() -> None:
    result = classify(
        {
            "safety_component_of_regulated_product": True,
            "art6_3_exemption": "narrow_procedural_task",
        }
    )
    assert result.eu_tier == "high"


ART_50 = [
    ("50(1) chatbot", {"purposes": ["chatbot"]}, "limited", "tier-art-50-1"),
    ("50(2) image output", {"generative_outputs": ["image"]}, "limited", "tier-art-50-2"),
    ("50(2) content generation", {"purposes": ["content_generation"]}, "limited", "tier-art-50-2"),
    (
        "50(3) emotion recognition is also high-risk",
        {"purposes": ["emotion_recognition"], "settings": ["healthcare"]},
        "high",
        "tier-art-50-3",
    ),
    (
        "50(3) biometric categorisation",
        {"purposes": ["biometric_categorisation"], "inferred_attributes": ["age"]},
        "limited",
        "tier-art-50-3",
    ),
    ("50(4) deep fake", {"purposes": ["deep_synthesis"]}, "limited", "tier-art-50-4-deep-fake"),
    (
        "50(4) public-interest text",
        {"generative_outputs": ["text"], "public_opinion_attributes": True},
        "limited",
        "tier-art-50-4-public-interest-text",
    ),
    (
        "50(1) at high tier",
        {"purposes": ["chatbot", "recruitment_selection"]},
        "high",
        "tier-art-50-1",
    ),
]


@pytest.mark.parametrize(
    ("facts", "tier", "rule"), [c[1:] for c in ART_50], ids=[c[0] for c in ART_50]
)
def test_art_50_duties(facts: dict[str, Any], tier: str, rule: str) -> None:
    result = classify(facts)
    assert result.eu_tier == tier
    assert result.values["eu_ai_act.transparency"] is True
    assert f"{EU}:{rule}" in applied(result)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("provider", {"art-50-1-ai-interaction-notice", "art-50-2-synthetic-content-marking"}),
        ("deployer", {"art-50-3-emotion-categorisation-notice", "art-50-4-deep-fake-disclosure"}),
    ],
)
def test_art_50_duties_follow_the_role(role: str, expected: set[str]) -> None:
    result = classify(
        {
            "role": role,
            "purposes": ["chatbot", "deep_synthesis", "biometric_categorisation"],
            "generative_outputs": ["video"],
        }
    )
    art_50 = {o.split(":")[1] for o in obligations(result) if o.startswith(f"{EU}:art-50")}
    assert art_50 == expected


def test_minimal_risk_system_has_no_transparency_duty() -> None:
    result = classify({"purposes": ["spam_filtering"], "data_categories": ["personal"]})
    assert result.eu_tier == "minimal"
    assert result.values["eu_ai_act.transparency"] is False
    assert obligations(result) == {f"{EU}:art-4-ai-literacy"}


@pytest.mark.parametrize(
    ("flops", "status", "systemic"),
    [
        (0.0, "general_purpose", False),
        (1e24, "general_purpose", False),
        (1e25, "general_purpose", False),  # Art. 51(2): "greater than 10^25"
        (1.1e25, "systemic_risk", True),
        (1e26, "systemic_risk", True),
    ],
)
def test_gpai_and_systemic_risk_presumption(flops: float, status: str, systemic: bool) -> None:
    result = classify(
        {"general_purpose_model": True, "training_compute_flops": flops, "role": "provider"}
    )
    assert result.values["eu_ai_act.gpai"] == status
    found = obligations(result)
    assert f"{EU}:art-53-gpai-documentation" in found
    assert f"{EU}:art-53-gpai-copyright-and-training-summary" in found
    assert (f"{EU}:art-55-systemic-risk-obligations" in found) is systemic
    assert (f"{EU}:art-52-systemic-risk-notification" in found) is systemic


def test_gpai_duties_are_for_providers() -> None:
    result = classify({"general_purpose_model": True, "role": "deployer"})
    assert result.values["eu_ai_act.gpai"] == "general_purpose"
    assert not any("gpai" in o for o in obligations(result))


@pytest.mark.parametrize("jurisdictions", [[], ["CN"], ["US", "SG"], ["GB"]])
def test_outside_the_eu_is_not_applicable(jurisdictions: list[str]) -> None:
    result = classify(
        {
            "jurisdictions": jurisdictions,
            "purposes": ["social_scoring", "chatbot"],
            "general_purpose_model": True,
            "training_compute_flops": 1e26,
        }
    )
    assert result.eu_tier == "not_applicable"
    assert result.values["eu_ai_act.transparency"] is False
    assert result.values["eu_ai_act.gpai"] == "not_applicable"
    assert obligations(result) == set()
    assert obligations(result, "gdpr") == set()


@pytest.mark.parametrize("code", ["DE", "fr", "IT", "NL", "PL"])
def test_member_state_counts_as_eu(code: str) -> None:
    result = classify({"jurisdictions": ["CN", code], "purposes": ["credit_scoring"]})
    assert result.eu_tier == "high"


HIGH_RISK_PROVIDER = {
    "art-9-risk-management",
    "art-10-data-governance",
    "art-10-bias-examination",
    "art-11-technical-documentation",
    "art-12-record-keeping",
    "art-13-instructions-for-use",
    "art-14-human-oversight",
    "art-15-accuracy-robustness",
    "art-16-provider-obligations",
    "art-17-quality-management",
    "art-43-conformity-assessment",
    "art-49-1-registration",
}


@pytest.mark.parametrize(
    ("role", "provider", "deployer"),
    [("provider", True, False), ("deployer", False, True), ("both", True, True)],
)
def test_high_risk_obligations_follow_the_role(role: str, provider: bool, deployer: bool) -> None:
    found = {
        o.split(":")[1]
        for o in obligations(classify({"role": role, "purposes": ["education_assessment"]}))
    }
    assert found >= HIGH_RISK_PROVIDER if provider else not (HIGH_RISK_PROVIDER & found)
    assert ("art-26-deployer-obligations" in found) is deployer
    assert ("art-26-11-inform-affected-persons" in found) is deployer


FRIA = [
    (
        "public body, recruitment",
        {"deployer_type": "public_authority", "purposes": ["recruitment_selection"]},
        True,
    ),
    (
        "law enforcement, 6(a)",
        {"deployer_type": "law_enforcement", "purposes": ["law_enforcement_victim_risk"]},
        True,
    ),
    (
        "private public service, admission",
        {"public_service": True, "purposes": ["education_admission"]},
        True,
    ),
    ("private, credit scoring 5(b)", {"purposes": ["credit_scoring"]}, True),
    ("private, insurance pricing 5(c)", {"purposes": ["insurance_pricing_life_health"]}, True),
    ("private, recruitment", {"purposes": ["recruitment_selection"]}, False),
    (
        "public body, critical infrastructure (point 2)",
        {"deployer_type": "public_authority", "purposes": ["critical_infrastructure_safety"]},
        False,
    ),
    (
        "public body, Art. 6(1) product only",
        {"deployer_type": "public_authority", "safety_component_of_regulated_product": True},
        False,
    ),
    (
        "public body, Art. 6(3) derogation",
        {
            "deployer_type": "public_authority",
            "purposes": ["recruitment_selection"],
            "art6_3_exemption": "preparatory_task",
        },
        False,
    ),
    ("provider only, credit scoring", {"role": "provider", "purposes": ["credit_scoring"]}, False),
]


@pytest.mark.parametrize(("facts", "expected"), [c[1:] for c in FRIA], ids=[c[0] for c in FRIA])
def test_art_27_fundamental_rights_impact_assessment_scope(
    facts: dict[str, Any], expected: bool
) -> None:
    found = obligations(classify({"role": "deployer", **facts}))
    assert (f"{EU}:art-27-fria" in found) is expected


def test_deployer_specific_duties() -> None:
    workplace = classify(
        {"role": "deployer", "purposes": ["worker_monitoring"], "settings": ["workplace"]}
    )
    assert f"{EU}:art-26-7-inform-workers" in obligations(workplace)
    post_rbi = classify({**RBI_LAW_ENFORCEMENT, "biometric_mode": "post", "role": "deployer"})
    found = obligations(post_rbi)
    assert {
        f"{EU}:art-26-10-post-rbi-authorisation",
        f"{EU}:art-49-3-deployer-registration",
    } <= found
    assert f"{EU}:art-43-1-biometrics-notified-body" not in found  # a provider duty


def test_every_eu_and_gdpr_obligation_is_scoped_and_evidenced() -> None:
    catalog = get_catalog()
    ours = [r for r in catalog.requirements.values() if r.id.split(":")[0] in {EU, "gdpr"}]
    assert len(ours) >= 40
    for req in ours:
        assert req.applies_when is not None, req.id
        assert "jurisdictions" in req.applies_when.facts_used(), req.id
        assert req.evidence.questions, req.id
        assert req.principles, req.id
    tested = {r.id for r in ours if r.evidence.tests}
    assert {f"{EU}:art-10-bias-examination", f"{EU}:art-15-accuracy-robustness"} <= tested
    assert {"gdpr:art-32-security", "gdpr:art-35-dpia"} <= tested
