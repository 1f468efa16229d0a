"""Content checks on the bundled catalog: standards, NIST AI RMF, IEEE 2945, the code of ethics.

Structural counts (NIST 4/19/72, ISO/IEC 42001 Annex A 38, ISO/IEC 27001 Annex A 93), the
technical-test thresholds the assessments cite, and golden applicability cases for the
requirements of the standards and of the organisation's Code of Ethics.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest

from fulcrum.catalog import Catalog, Requirement, load_catalog
from fulcrum.profile import parse_profile
from fulcrum.rules import Classifier

# The framework ids of the profile contract (shared/spec/profile.md, "obligations").
CONTRACT_FRAMEWORKS = (
    "eu-ai-act",
    "gdpr",
    "cn-pipl",
    "cn-st-ethics-review",
    "cn-genai-measures",
    "cn-deep-synthesis",
    "cn-algorithm-recommendation",
    "cn-aigc-labeling",
    "cn-face-recognition-measures",
    "iso-iec-42001",
    "iso-iec-23894",
    "iso-iec-27001",
    "iso-iec-27701",
    "iso-iec-29151",
    "nist-ai-rmf",
    "ieee-2945",
    "code-of-ethics",
)
STANDARDS = (
    "iso-iec-42001",
    "iso-iec-23894",
    "iso-iec-27001",
    "iso-iec-27701",
    "iso-iec-29151",
    "nist-ai-rmf",
    "ieee-2945",
    "code-of-ethics",
)
PRINCIPLES = (
    "people-oriented",
    "benefit-the-people",
    "integrated-development",
    "credibility",
    "safe-controllable",
    "people-centric",
    "sustainable-development",
    "privacy-protection",
    "fairness",
    "transparency",
    "accountability",
    "human-oversight",
)
# Requirements meant to apply to every system (no applies_when): anything else must have one.
EVERY_SYSTEM = {
    "code-of-ethics:ethics-review-before-launch",
    "code-of-ethics:accountable-owner",
    "code-of-ethics:benefit-and-sustainability-statement",
    "code-of-ethics:stakeholder-engagement",
    "code-of-ethics:reliability-validation",
    "iso-iec-42001:ai-system-impact-assessment",
    "iso-iec-42001:ai-risk-assessment-treatment",
    "iso-iec-42001:verification-validation",
    "iso-iec-42001:data-quality-provenance",
    "iso-iec-23894:risk-assessment",
    "iso-iec-23894:risk-treatment",
    "iso-iec-27001:secure-development",
}


@cache
def _catalog() -> Catalog:
    return load_catalog()


@cache
def _classifier() -> Classifier:
    return Classifier(_catalog())


def _obligations(text: str) -> set[str]:
    profile = parse_profile("id: golden\n" + text)
    return {o.id for o in _classifier().classify(profile).obligations}


def _of(kind: str, framework: str) -> list:
    return _catalog().items(kind, framework)


# -- frameworks ---------------------------------------------------------------------------


@pytest.mark.parametrize("framework", CONTRACT_FRAMEWORKS)
def test_every_contract_framework_is_present(framework: str) -> None:
    assert framework in _catalog().frameworks


@pytest.mark.parametrize("framework", STANDARDS)
def test_standard_frameworks_have_content(framework: str) -> None:
    items = _of("requirements", framework) + _of("controls", framework)
    assert items, f"{framework} has no requirements or controls"


# -- NIST AI RMF ----------------------------------------------------------------------------

NIST_CATEGORY_SIZES = {
    "govern": [7, 3, 2, 3, 2, 2],
    "map": [6, 3, 5, 2, 2],
    "measure": [3, 13, 3, 3],
    "manage": [4, 4, 2, 3],
}


def test_nist_has_four_functions_19_categories_72_subcategories() -> None:
    provisions = {p.id for p in _of("provisions", "nist-ai-rmf")}
    functions = {f"nist-ai-rmf:{f}" for f in NIST_CATEGORY_SIZES}
    assert functions <= provisions
    categories = provisions - functions
    assert len(categories) == 19
    subcategories = _of("requirements", "nist-ai-rmf")
    assert len(subcategories) == 72


@pytest.mark.parametrize("function", list(NIST_CATEGORY_SIZES))
def test_nist_subcategory_ids_per_category(function: str) -> None:
    ids = {r.id for r in _of("requirements", "nist-ai-rmf")}
    expected = {
        f"nist-ai-rmf:{function}-{cat}.{sub}"
        for cat, size in enumerate(NIST_CATEGORY_SIZES[function], start=1)
        for sub in range(1, size + 1)
    }
    assert {i for i in ids if i.startswith(f"nist-ai-rmf:{function}-")} == expected


def test_nist_subcategories_are_recommendations_under_their_category() -> None:
    for req in _of("requirements", "nist-ai-rmf"):
        assert req.kind == "recommendation"
        category = req.id.rsplit(".", 1)[0]
        assert req.provisions == (category,)
        parent = _catalog().get(category).parent
        assert req.id.split(":")[1].startswith(parent.split(":")[1])


# -- ISO/IEC standards ----------------------------------------------------------------------


def test_iso_42001_annex_a_has_38_controls_in_nine_groups() -> None:
    controls = _of("controls", "iso-iec-42001")
    assert len(controls) == 38
    groups = Counter(c.ref.split(".")[1] for c in controls)
    assert groups == {
        "2": 3,
        "3": 2,
        "4": 5,
        "5": 4,
        "6": 9,
        "7": 5,
        "8": 4,
        "9": 3,
        "10": 3,
    }


def test_iso_27001_annex_a_has_93_controls_in_four_themes() -> None:
    controls = _of("controls", "iso-iec-27001")
    assert len(controls) == 93
    themes = Counter(c.ref.split(".")[1] for c in controls)
    assert themes == {"5": 37, "6": 8, "7": 14, "8": 34}


@pytest.mark.parametrize(
    "framework",
    ["iso-iec-42001", "iso-iec-23894", "iso-iec-27001", "iso-iec-27701", "iso-iec-29151"],
)
def test_iso_controls_store_ids_and_short_titles_only(framework: str) -> None:
    for control in _of("controls", framework):
        assert re.fullmatch(r"[A-Z]?\.?[0-9.]+", control.ref), control.ref
        assert len(control.title) <= 80, control.id
        assert not control.summary, f"{control.id}: ISO controls carry no summary text"
    assert _catalog().frameworks[framework].licence_note


# -- technical tests the assessments cite ---------------------------------------------------

THRESHOLDS = [
    ("nist-ai-rmf:measure-2.11", "fairness", "selection_rate_ratio", ">=", 0.8, {}),
    ("nist-ai-rmf:measure-2.11", "fairness", "equalized_odds_difference", "<=", 0.1, {}),
    ("ieee-2945:recognition-accuracy", "biometrics", "fnmr", "<=", 0.01, {"at_fmr": 1.0e-4}),
    (
        "ieee-2945:demographic-differentials",
        "biometrics",
        "max_group_fmr_ratio_to_overall",
        "<=",
        3,
        {},
    ),
    ("ieee-2945:presentation-attack-detection", "biometrics.pad", "apcer_max", "<=", 0.1, {}),
    ("ieee-2945:presentation-attack-detection", "biometrics.pad", "bpcer", "<=", 0.1, {}),
    ("iso-iec-29151:pii-minimisation", "privacy.risk", "k", ">=", 5, {}),
    ("iso-iec-29151:pii-minimisation", "privacy.scan", "pii_entities", "<=", 0, {}),
]


@pytest.mark.parametrize(("req", "assessment", "metric", "op", "value", "params"), THRESHOLDS)
def test_thresholds_cited_by_assessments(
    req: str, assessment: str, metric: str, op: str, value: float, params: dict
) -> None:
    found = {t.metric: t for t in _catalog().thresholds_for(req, assessment)}
    assert metric in found
    threshold = found[metric]
    assert (threshold.operator, threshold.value) == (op, value)
    assert threshold.requirement == req
    assert dict(threshold.params) == params


# -- code of ethics -------------------------------------------------------------------------


def test_code_of_ethics_principles_and_pillars() -> None:
    principles = {p.id: p for p in _of("principles", "code-of-ethics")}
    assert set(principles) == {f"code-of-ethics:{p}" for p in PRINCIPLES}
    assert all(p.pillar for p in principles.values())
    pillars = {p.pillar for p in principles.values() if p.parent is None}
    assert pillars == {"safe_controllable", "people_centric", "sustainable_development"}
    for p in principles.values():
        if p.parent:
            assert principles[p.parent].pillar == p.pillar, p.id


@pytest.mark.parametrize("principle", PRINCIPLES)
def test_every_principle_is_realised_by_a_code_requirement(principle: str) -> None:
    pid = f"code-of-ethics:{principle}"
    realised = [r.id for r in _catalog().requirements.values() if pid in r.principles]
    assert any(r.startswith("code-of-ethics:") for r in realised), pid
    edges = _catalog().crosswalk(pid)
    assert any(e.direction == "in" and e.other in realised for e in edges)


@pytest.mark.parametrize("framework", STANDARDS)
def test_checked_requirements_carry_questions(framework: str) -> None:
    for req in _of("requirements", framework):
        assert req.evidence.questions, f"{req.id} has no evidence questions"
        ids = [q.id for q in req.evidence.questions]
        assert len(ids) == len(set(ids)), req.id


@pytest.mark.parametrize("framework", STANDARDS)
def test_only_listed_requirements_apply_to_every_system(framework: str) -> None:
    for req in _of("requirements", framework):
        assert isinstance(req, Requirement)
        if req.applies_when is None:
            assert req.id in EVERY_SYSTEM, f"{req.id} applies to every system by accident?"


def test_requirement_principles_exist_and_standards_link_them() -> None:
    linked = Counter(p for fw in STANDARDS for r in _of("requirements", fw) for p in r.principles)
    assert set(linked) == {f"code-of-ethics:{p}" for p in PRINCIPLES}


# -- golden applicability cases -------------------------------------------------------------

BASE = "jurisdictions: [EU]\n"
# (case, profile YAML, requirement id, expected to apply)
GOLDEN = [
    # organisation-wide: every system
    (
        "every-system-review",
        "jurisdictions: [SG]",
        "code-of-ethics:ethics-review-before-launch",
        True,
    ),
    (
        "every-system-42001-ia",
        "jurisdictions: [SG]",
        "iso-iec-42001:ai-system-impact-assessment",
        True,
    ),
    ("every-system-23894", "jurisdictions: [SG]", "iso-iec-23894:risk-treatment", True),
    # NIST: US systems only; MEASURE 2.10 only with personal data
    ("nist-us", "jurisdictions: [US]", "nist-ai-rmf:govern-1.1", True),
    ("nist-us-fairness", "jurisdictions: [US]", "nist-ai-rmf:measure-2.11", True),
    ("nist-not-us", BASE, "nist-ai-rmf:govern-1.1", False),
    ("nist-privacy-no-data", "jurisdictions: [US]", "nist-ai-rmf:measure-2.10", False),
    (
        "nist-privacy-data",
        "jurisdictions: [US]\ndata_categories: [personal]",
        "nist-ai-rmf:measure-2.10",
        True,
    ),
    # IEEE 2945: face only
    ("ieee-face", BASE + "biometric_modalities: [face]", "ieee-2945:recognition-accuracy", True),
    (
        "ieee-face-pad",
        "jurisdictions: [CN]\nbiometric_modalities: [face, voice]",
        "ieee-2945:presentation-attack-detection",
        True,
    ),
    (
        "ieee-fingerprint",
        BASE + "biometric_modalities: [fingerprint]",
        "ieee-2945:demographic-differentials",
        False,
    ),
    ("ieee-none", BASE, "ieee-2945:recognition-accuracy", False),
    # privacy standards: personal data of any category
    (
        "27701-personal",
        BASE + "data_categories: [personal]",
        "iso-iec-27701:privacy-impact-assessment",
        True,
    ),
    ("27701-health", BASE + "data_categories: [health]", "iso-iec-27701:privacy-by-design", True),
    (
        "27701-no-data",
        BASE + "data_categories: [none]",
        "iso-iec-27701:privacy-impact-assessment",
        False,
    ),
    (
        "29151-biometric",
        BASE + "data_categories: [biometric]",
        "iso-iec-29151:pii-minimisation",
        True,
    ),
    ("29151-no-data", BASE, "iso-iec-29151:pii-minimisation", False),
    (
        "27001-personal",
        BASE + "data_categories: [location]",
        "iso-iec-27001:personal-data-security",
        True,
    ),
    (
        "27701-transfer",
        BASE + "cross_border_transfer: true",
        "iso-iec-27701:cross-border-transfer",
        True,
    ),
    (
        "27701-no-transfer",
        BASE + "data_categories: [personal]",
        "iso-iec-27701:cross-border-transfer",
        False,
    ),
    # code of ethics, conditional requirements
    (
        "coe-privacy",
        BASE + "data_categories: [personal]",
        "code-of-ethics:personal-data-protection",
        True,
    ),
    ("coe-privacy-none", BASE, "code-of-ethics:personal-data-protection", False),
    (
        "coe-minors",
        BASE + "data_categories: [personal, minors]",
        "code-of-ethics:protection-of-minors",
        True,
    ),
    (
        "coe-no-minors",
        BASE + "data_categories: [personal]",
        "code-of-ethics:protection-of-minors",
        False,
    ),
    (
        "coe-fairness-decisions",
        BASE + "decision_impact: legal",
        "code-of-ethics:fairness-assessment",
        True,
    ),
    (
        "coe-fairness-profiling",
        BASE + "profiling: true",
        "code-of-ethics:fairness-assessment",
        True,
    ),
    (
        "coe-fairness-face",
        BASE + "biometric_modalities: [face]",
        "code-of-ethics:fairness-assessment",
        True,
    ),
    (
        "coe-fairness-minor",
        BASE + "decision_impact: minor",
        "code-of-ethics:fairness-assessment",
        False,
    ),
    ("coe-disclosure-chatbot", BASE + "purposes: [chatbot]", "code-of-ethics:ai-disclosure", True),
    (
        "coe-disclosure-generative",
        BASE + "generative_outputs: [image]",
        "code-of-ethics:ai-disclosure",
        True,
    ),
    (
        "coe-disclosure-none",
        BASE + "purposes: [spam_filtering]",
        "code-of-ethics:ai-disclosure",
        False,
    ),
    (
        "coe-oversight-significant",
        BASE + "decision_impact: significant",
        "code-of-ethics:human-review-of-decisions",
        True,
    ),
    (
        "coe-oversight-safety",
        BASE + "safety_or_health_risk: true",
        "code-of-ethics:human-review-of-decisions",
        True,
    ),
    (
        "coe-oversight-none",
        BASE + "decision_impact: minor",
        "code-of-ethics:human-review-of-decisions",
        False,
    ),
    (
        "coe-fallback-automated",
        BASE + "automation: fully_automated",
        "code-of-ethics:safety-and-fallback",
        True,
    ),
    (
        "coe-fallback-hitl",
        BASE + "automation: human_in_the_loop",
        "code-of-ethics:safety-and-fallback",
        False,
    ),
    (
        "coe-energy-gpai",
        BASE + "general_purpose_model: true",
        "code-of-ethics:environmental-footprint",
        True,
    ),
    (
        "coe-energy-compute",
        BASE + "training_compute_flops: 2.0e+23",
        "code-of-ethics:environmental-footprint",
        True,
    ),
    (
        "coe-energy-small",
        BASE + "training_compute_flops: 1.0e+20",
        "code-of-ethics:environmental-footprint",
        False,
    ),
    # scheme-driven: expert re-review list and the general procedure
    (
        "coe-rereview",
        "jurisdictions: [CN]\npublic_opinion_attributes: true",
        "code-of-ethics:expert-rereview",
        True,
    ),
    ("coe-no-rereview", "jurisdictions: [CN]", "code-of-ethics:expert-rereview", False),
    (
        "coe-general-medium",
        BASE + "data_categories: [health]",
        "code-of-ethics:full-committee-review",
        True,
    ),
    (
        "coe-general-low",
        BASE + "purposes: [spam_filtering]",
        "code-of-ethics:full-committee-review",
        False,
    ),
]


@pytest.mark.parametrize(
    ("profile", "requirement", "applies"),
    [pytest.param(p, r, a, id=case) for case, p, r, a in GOLDEN],
)
def test_golden_applicability(profile: str, requirement: str, applies: bool) -> None:
    assert requirement in _catalog().requirements
    assert (requirement in _obligations(profile)) is applies


def test_nist_obligations_for_a_us_system_with_personal_data() -> None:
    found = _obligations("jurisdictions: [US]\ndata_categories: [personal]")
    assert sum(o.startswith("nist-ai-rmf:") for o in found) == 72
    found = _obligations("jurisdictions: [US]")
    assert sum(o.startswith("nist-ai-rmf:") for o in found) == 71
