"""Golden cases for China's rules: each trigger on both sides of its boundary.

Covers PIPL, the S&T Ethics Review Measures (expert re-review list), the Generative AI
Interim Measures, the Deep Synthesis and Algorithm Recommendation Provisions, the AIGC
Labelling Measures and the Facial Recognition Measures (filing when stored face
information reaches 100,000 persons).
"""

from __future__ import annotations

from functools import cache

import pytest

from fulcrum.catalog import load_catalog
from fulcrum.catalog._conditions import Condition
from fulcrum.profile import parse_profile
from fulcrum.rules import Classifier
from fulcrum.rules._classify import Classification

CN_FRAMEWORKS = (
    "cn-pipl",
    "cn-st-ethics-review",
    "cn-genai-measures",
    "cn-deep-synthesis",
    "cn-algorithm-recommendation",
    "cn-aigc-labeling",
    "cn-face-recognition-measures",
)


@cache
def _classifier() -> Classifier:
    return Classifier(load_catalog())


def _classify(text: str) -> Classification:
    return _classifier().classify(parse_profile(text))


def _obligations(text: str) -> set[str]:
    return {o.id for o in _classify(text).obligations}


# (case, profile, obligation id, expected to apply)
OBLIGATIONS = [
    # PIPL applies in CN when personal information is processed
    (
        "pipl-personal",
        "jurisdictions: [CN]\ndata_categories: [personal]",
        "cn-pipl:art-13-legal-basis",
        True,
    ),
    (
        "pipl-profiling",
        "jurisdictions: [CN]\nprofiling: true",
        "cn-pipl:art-51-security-measures",
        True,
    ),
    (
        "pipl-no-personal-data",
        "jurisdictions: [CN]\ndata_categories: [none]",
        "cn-pipl:art-13-legal-basis",
        False,
    ),
    (
        "pipl-not-cn",
        "jurisdictions: [EU]\ndata_categories: [personal]",
        "cn-pipl:art-51-security-measures",
        False,
    ),
    # Art. 28-29 sensitive personal information
    (
        "pipl-sensitive-biometric",
        "jurisdictions: [CN]\ndata_categories: [biometric]",
        "cn-pipl:art-29-separate-consent",
        True,
    ),
    (
        "pipl-sensitive-location",
        "jurisdictions: [CN]\ndata_categories: [location]",
        "cn-pipl:art-28-sensitive-pi",
        True,
    ),
    (
        "pipl-sensitive-face-modality",
        "jurisdictions: [CN]\nbiometric_modalities: [face]",
        "cn-pipl:art-28-sensitive-pi",
        True,
    ),
    (
        "pipl-ordinary-not-sensitive",
        "jurisdictions: [CN]\ndata_categories: [personal]",
        "cn-pipl:art-29-separate-consent",
        False,
    ),
    # Art. 31 minors
    (
        "pipl-minors",
        "jurisdictions: [CN]\ndata_categories: [personal, minors]",
        "cn-pipl:art-31-minors-under-14",
        True,
    ),
    (
        "pipl-no-minors",
        "jurisdictions: [CN]\ndata_categories: [personal]",
        "cn-pipl:art-31-minors-under-14",
        False,
    ),
    # Art. 24 automated decisions
    (
        "pipl-adm-automated",
        "jurisdictions: [CN]\ndata_categories: [personal]\nautomation: fully_automated",
        "cn-pipl:art-24-automated-decisions",
        True,
    ),
    (
        "pipl-adm-recommendation",
        "jurisdictions: [CN]\ndata_categories: [personal]\npurposes: [recommendation]",
        "cn-pipl:art-24-automated-decisions",
        True,
    ),
    (
        "pipl-adm-human-in-loop",
        "jurisdictions: [CN]\ndata_categories: [personal]\nautomation: human_in_the_loop",
        "cn-pipl:art-24-automated-decisions",
        False,
    ),
    (
        "pipl-refusal-significant",
        "jurisdictions: [CN]\ndata_categories: [personal]\n"
        "automation: fully_automated\ndecision_impact: significant",
        "cn-pipl:art-24-explanation-refusal",
        True,
    ),
    (
        "pipl-refusal-minor-impact",
        "jurisdictions: [CN]\ndata_categories: [personal]\n"
        "automation: fully_automated\ndecision_impact: minor",
        "cn-pipl:art-24-explanation-refusal",
        False,
    ),
    (
        "pipl-refusal-human-decides",
        "jurisdictions: [CN]\ndata_categories: [personal]\n"
        "automation: human_in_the_loop\ndecision_impact: legal",
        "cn-pipl:art-24-explanation-refusal",
        False,
    ),
    # Arts. 38-39 cross-border
    (
        "pipl-cross-border",
        "jurisdictions: [CN]\ndata_categories: [personal]\ncross_border_transfer: true",
        "cn-pipl:art-38-cross-border-mechanism",
        True,
    ),
    (
        "pipl-cross-border-consent",
        "jurisdictions: [CN]\ndata_categories: [personal]\ncross_border_transfer: true",
        "cn-pipl:art-39-cross-border-consent",
        True,
    ),
    (
        "pipl-domestic-only",
        "jurisdictions: [CN]\ndata_categories: [personal]",
        "cn-pipl:art-38-cross-border-mechanism",
        False,
    ),
    # Arts. 55-56 impact assessment
    (
        "pia-sensitive",
        "jurisdictions: [CN]\ndata_categories: [health]",
        "cn-pipl:art-55-pi-impact-assessment",
        True,
    ),
    (
        "pia-adm",
        "jurisdictions: [CN]\ndata_categories: [personal]\nautomation: fully_automated",
        "cn-pipl:art-55-pi-impact-assessment",
        True,
    ),
    (
        "pia-cross-border",
        "jurisdictions: [CN]\ndata_categories: [personal]\ncross_border_transfer: true",
        "cn-pipl:art-55-pi-impact-assessment",
        True,
    ),
    (
        "pia-plain-personal",
        "jurisdictions: [CN]\ndata_categories: [personal]",
        "cn-pipl:art-55-pi-impact-assessment",
        False,
    ),
    # Generative AI Measures: content generation offered to the public in CN
    (
        "genai-public",
        "jurisdictions: [CN]\npublic_service: true\ngenerative_outputs: [text]",
        "cn-genai-measures:art-12-labelling",
        True,
    ),
    (
        "genai-purpose-only",
        "jurisdictions: [CN]\npublic_service: true\npurposes: [content_generation]",
        "cn-genai-measures:art-14-illegal-content",
        True,
    ),
    (
        "genai-in-house",
        "jurisdictions: [CN]\npublic_service: false\ngenerative_outputs: [text]",
        "cn-genai-measures:art-12-labelling",
        False,
    ),
    (
        "genai-not-cn",
        "jurisdictions: [US]\npublic_service: true\ngenerative_outputs: [text]",
        "cn-genai-measures:art-12-labelling",
        False,
    ),
    (
        "genai-filing-public-opinion",
        "jurisdictions: [CN]\npublic_service: true\n"
        "generative_outputs: [text]\npublic_opinion_attributes: true",
        "cn-genai-measures:art-17-assessment-filing",
        True,
    ),
    (
        "genai-no-filing",
        "jurisdictions: [CN]\npublic_service: true\ngenerative_outputs: [text]",
        "cn-genai-measures:art-17-assessment-filing",
        False,
    ),
    (
        "genai-training-provider",
        "jurisdictions: [CN]\npublic_service: true\ngenerative_outputs: [text]\nrole: provider",
        "cn-genai-measures:art-7-training-data",
        True,
    ),
    (
        "genai-training-deployer",
        "jurisdictions: [CN]\npublic_service: true\ngenerative_outputs: [text]\nrole: deployer",
        "cn-genai-measures:art-7-training-data",
        False,
    ),
    # Deep Synthesis: deep_synthesis purpose or generated image/audio/video/virtual scenes
    (
        "ds-purpose",
        "jurisdictions: [CN]\npurposes: [deep_synthesis]",
        "cn-deep-synthesis:art-16-17-labels",
        True,
    ),
    (
        "ds-video",
        "jurisdictions: [CN]\ngenerative_outputs: [video]",
        "cn-deep-synthesis:art-16-17-labels",
        True,
    ),
    (
        "ds-text-only",
        "jurisdictions: [CN]\ngenerative_outputs: [text]",
        "cn-deep-synthesis:art-16-17-labels",
        False,
    ),
    (
        "ds-filing",
        "jurisdictions: [CN]\ngenerative_outputs: [image]\npublic_opinion_attributes: true",
        "cn-deep-synthesis:art-19-filing",
        True,
    ),
    (
        "ds-no-filing",
        "jurisdictions: [CN]\ngenerative_outputs: [image]",
        "cn-deep-synthesis:art-19-filing",
        False,
    ),
    (
        "ds-face-editing",
        "jurisdictions: [CN]\npurposes: [deep_synthesis]\nbiometric_modalities: [face]",
        "cn-deep-synthesis:art-14-biometric-editing-consent",
        True,
    ),
    (
        "ds-no-biometrics",
        "jurisdictions: [CN]\npurposes: [deep_synthesis]",
        "cn-deep-synthesis:art-14-biometric-editing-consent",
        False,
    ),
    # Algorithm Recommendation: recommendation purpose; filing with public-opinion attributes
    (
        "rec-applies",
        "jurisdictions: [CN]\npurposes: [recommendation]",
        "cn-algorithm-recommendation:art-17-user-choice",
        True,
    ),
    (
        "rec-other-purpose",
        "jurisdictions: [CN]\npurposes: [spam_filtering]",
        "cn-algorithm-recommendation:art-17-user-choice",
        False,
    ),
    (
        "rec-filing",
        "jurisdictions: [CN]\npurposes: [recommendation]\npublic_opinion_attributes: true",
        "cn-algorithm-recommendation:art-24-filing",
        True,
    ),
    (
        "rec-no-filing",
        "jurisdictions: [CN]\npurposes: [recommendation]",
        "cn-algorithm-recommendation:art-24-filing",
        False,
    ),
    (
        "rec-minors",
        "jurisdictions: [CN]\npurposes: [recommendation]\ndata_categories: [minors]",
        "cn-algorithm-recommendation:art-18-minors",
        True,
    ),
    # AIGC labelling (explicit and implicit labels, GB 45438-2025)
    (
        "label-explicit",
        "jurisdictions: [CN]\ngenerative_outputs: [image]",
        "cn-aigc-labeling:art-4-explicit-labels",
        True,
    ),
    (
        "label-implicit-text",
        "jurisdictions: [CN]\ngenerative_outputs: [text]",
        "cn-aigc-labeling:art-5-implicit-labels",
        True,
    ),
    (
        "label-not-generative",
        "jurisdictions: [CN]\npurposes: [recommendation]",
        "cn-aigc-labeling:art-4-explicit-labels",
        False,
    ),
    (
        "label-code-only",
        "jurisdictions: [CN]\ngenerative_outputs: [code]",
        "cn-aigc-labeling:art-5-implicit-labels",
        False,
    ),
    (
        "label-not-cn",
        "jurisdictions: [EU]\ngenerative_outputs: [image]",
        "cn-aigc-labeling:art-4-explicit-labels",
        False,
    ),
    # Facial Recognition Measures: faces in CN
    (
        "frt-consent",
        "jurisdictions: [CN]\nbiometric_modalities: [face]",
        "cn-face-recognition-measures:art-6-separate-consent",
        True,
    ),
    (
        "frt-pia",
        "jurisdictions: [CN]\nbiometric_modalities: [face]",
        "cn-face-recognition-measures:art-9-impact-assessment",
        True,
    ),
    (
        "frt-alternatives",
        "jurisdictions: [CN]\nbiometric_modalities: [face]",
        "cn-face-recognition-measures:art-10-alternatives",
        True,
    ),
    (
        "frt-fingerprint",
        "jurisdictions: [CN]\nbiometric_modalities: [fingerprint]",
        "cn-face-recognition-measures:art-6-separate-consent",
        False,
    ),
    (
        "frt-not-cn",
        "jurisdictions: [SG]\nbiometric_modalities: [face]",
        "cn-face-recognition-measures:art-6-separate-consent",
        False,
    ),
    (
        "frt-public-space",
        "jurisdictions: [CN]\nbiometric_modalities: [face]\nsettings: [public_space]",
        "cn-face-recognition-measures:art-13-public-places",
        True,
    ),
    (
        "frt-workplace",
        "jurisdictions: [CN]\nbiometric_modalities: [face]\nsettings: [workplace]",
        "cn-face-recognition-measures:art-13-public-places",
        False,
    ),
    (
        "frt-minors",
        "jurisdictions: [CN]\nbiometric_modalities: [face]\ndata_categories: [minors]",
        "cn-face-recognition-measures:art-7-minors",
        True,
    ),
    # S&T ethics review: committee duties in CN for in-scope activities; re-review only when listed
    (
        "st-personal-data",
        "jurisdictions: [CN]\ndata_categories: [personal]",
        "cn-st-ethics-review:art-7-composition",
        True,
    ),
    (
        "st-out-of-scope",
        "jurisdictions: [CN]\ndata_categories: [none]",
        "cn-st-ethics-review:art-2-ethics-review",
        False,
    ),
    (
        "st-rereview-cn",
        "jurisdictions: [CN]\nhuman_machine_integration: true",
        "cn-st-ethics-review:art-26-expert-rereview",
        True,
    ),
    (
        "st-rereview-not-cn",
        "jurisdictions: [US]\nhuman_machine_integration: true",
        "cn-st-ethics-review:art-26-expert-rereview",
        False,
    ),
    (
        "st-general-procedure",
        "jurisdictions: [CN]\ndata_categories: [health]",
        "cn-st-ethics-review:general-procedure-review",
        True,
    ),
    (
        "st-simplified-procedure",
        "jurisdictions: [CN]\ndata_categories: [personal]",
        "cn-st-ethics-review:simplified-procedure-review",
        True,
    ),
    (
        "st-no-simplified-for-medium",
        "jurisdictions: [CN]\ndata_categories: [health]",
        "cn-st-ethics-review:simplified-procedure-review",
        False,
    ),
]


@pytest.mark.parametrize(
    ("profile", "obligation", "expected"),
    [pytest.param(p, o, e, id=case) for case, p, o, e in OBLIGATIONS],
)
def test_chinese_trigger(profile: str, obligation: str, expected: bool) -> None:
    got = _obligations(f"id: golden-cn\n{profile}")
    assert (obligation in got) is expected, sorted(i for i in got if i.startswith("cn-"))


# Art. 15: filing once stored face information *reaches* (达到) 100,000 persons.
@pytest.mark.parametrize(
    ("persons", "expected"),
    [(0, False), (99_999, False), (100_000, True), (100_001, True), (5_000_000, True)],
)
def test_face_recognition_filing_boundary(persons: int, expected: bool) -> None:
    profile = (
        f"id: frt\njurisdictions: [CN]\nbiometric_modalities: [face]\naffected_persons: {persons}"
    )
    got = _obligations(profile)
    assert ("cn-face-recognition-measures:art-15-filing" in got) is expected


def test_face_filing_needs_faces_and_cn() -> None:
    assert "cn-face-recognition-measures:art-15-filing" not in _obligations(
        "id: a\njurisdictions: [CN]\nbiometric_modalities: [fingerprint]\naffected_persons: 200000"
    )
    assert "cn-face-recognition-measures:art-15-filing" not in _obligations(
        "id: a\njurisdictions: [EU]\nbiometric_modalities: [face]\naffected_persons: 200000"
    )


# (case, profile, expected expert_rereview, rules that set it)
REREVIEW = [
    (
        "public-opinion",
        "public_opinion_attributes: true",
        True,
        {"cn-st-ethics-review:rereview-public-opinion"},
    ),
    (
        "human-machine",
        "human_machine_integration: true",
        True,
        {"cn-st-ethics-review:rereview-human-machine-integration"},
    ),
    (
        "autonomous-fully",
        "safety_or_health_risk: true\nautomation: fully_automated",
        True,
        {"cn-st-ethics-review:rereview-autonomous-decisions"},
    ),
    (
        "autonomous-on-loop",
        "safety_or_health_risk: true\nautomation: human_on_the_loop",
        True,
        {"cn-st-ethics-review:rereview-autonomous-decisions"},
    ),
    (
        "all-three",
        "public_opinion_attributes: true\nhuman_machine_integration: true\n"
        "safety_or_health_risk: true\nautomation: fully_automated",
        True,
        {
            "cn-st-ethics-review:rereview-public-opinion",
            "cn-st-ethics-review:rereview-human-machine-integration",
            "cn-st-ethics-review:rereview-autonomous-decisions",
        },
    ),
    # non-cases
    ("nothing", "purposes: [chatbot]", False, set()),
    (
        "risk-but-human-in-loop",
        "safety_or_health_risk: true\nautomation: human_in_the_loop",
        False,
        set(),
    ),
    ("risk-but-advisory", "safety_or_health_risk: true\nautomation: advisory", False, set()),
    ("automated-without-risk", "automation: fully_automated\ndecision_impact: legal", False, set()),
    ("public-service-only", "public_service: true\ngenerative_outputs: [text]", False, set()),
]


@pytest.mark.parametrize(("jurisdiction"), ["CN", "EU"])
@pytest.mark.parametrize(
    ("profile", "expected", "rules"),
    [pytest.param(p, e, r, id=case) for case, p, e, r in REREVIEW],
)
def test_expert_rereview(profile: str, expected: bool, rules: set[str], jurisdiction: str) -> None:
    result = _classify(f"id: rr\njurisdictions: [{jurisdiction}]\n{profile}")
    assert result.values["expert_rereview"] is expected
    because = {f["rule"] for f in result.because("expert_rereview")}
    assert because == rules
    for finding in result.because("expert_rereview"):
        assert "Art. 25" in finding["cites"]
    if expected:  # the code of ethics grades listed activities high, so the general procedure
        assert result.values["ethics_grade"] == "high"
        assert result.values["review_procedure"] == "general"


def test_rereview_obligation_names_the_list_provisions() -> None:
    result = _classify("id: a\njurisdictions: [CN]\npublic_opinion_attributes: true")
    [finding] = result.because("expert_rereview")
    assert finding["provision"] == "cn-st-ethics-review:annex-list-public-opinion"
    [obligation] = [
        o for o in result.obligations if o.id == "cn-st-ethics-review:art-26-expert-rereview"
    ]
    assert obligation.framework == "cn-st-ethics-review"
    assert obligation.severity == "critical"


def test_face_gate_in_china_collects_the_expected_frameworks() -> None:
    result = _classify(
        "id: campus-face-gate\njurisdictions: [CN]\npurposes: [biometric_verification]\n"
        "biometric_modalities: [face]\ndata_categories: [biometric, minors]\n"
        "settings: [education]\naffected_persons: 120000"
    )
    frameworks = {o.framework for o in result.obligations}
    assert {"cn-pipl", "cn-face-recognition-measures", "cn-st-ethics-review"} <= frameworks
    assert result.values["ethics_grade"] == "high"  # biometric data of minors
    assert result.values["expert_rereview"] is False


def _walk(condition: Condition) -> list[Condition]:
    children = condition.all_ or condition.any_ or ((condition.not_,) if condition.not_ else ())
    return [condition, *(n for c in children for n in _walk(c))]


def _top_level_tests(condition: Condition) -> list[Condition]:
    return list(condition.all_) if condition.all_ else [condition]


@pytest.mark.parametrize("framework", CN_FRAMEWORKS)
def test_every_chinese_obligation_is_scoped_to_cn(framework: str) -> None:
    catalog = load_catalog()
    requirements = [r for r in catalog.requirements.values() if r.id.startswith(f"{framework}:")]
    assert requirements, framework
    for req in requirements:
        assert req.applies_when is not None, req.id
        tests = _top_level_tests(req.applies_when)
        assert any(t.fact == "jurisdictions" and t.contains == "CN" for t in tests), (
            f"{req.id} is not scoped to CN"
        )
        # no negative tests on the list facts that would make the rule non-monotone
        for node in _walk(req.applies_when):
            if node.fact in {"purposes", "data_categories", "jurisdictions"}:
                assert node.contains_none is None, req.id
            assert node.not_ is None, req.id


@pytest.mark.parametrize(
    ("requirement", "assessment", "metric"),
    [
        ("cn-pipl:art-51-security-measures", "privacy.scan", "pii_entities"),
        ("cn-pipl:art-28-sensitive-pi", "privacy.risk", "k"),
        ("cn-pipl:art-55-pi-impact-assessment", "privacy.risk", "k"),
    ],
)
def test_privacy_assessment_targets_exist(requirement: str, assessment: str, metric: str) -> None:
    req = load_catalog().requirements[requirement]
    assert any(t.assessment == assessment and t.metric == metric for t in req.evidence.tests)
    assert req.evidence.questions, "the committee questionnaire needs process checks"


def test_chinese_requirements_carry_questions_and_principles() -> None:
    catalog = load_catalog()
    for req in catalog.requirements.values():
        if req.id.split(":", 1)[0] in CN_FRAMEWORKS:
            assert req.evidence.questions, req.id
            assert req.principles, req.id
            assert req.provisions, req.id
