"""Properties of classification over the bundled catalog (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fulcrum.profile import FACT_VOCABULARY, Profile
from fulcrum.rules import default_classifier

TIER_ORDER = ["not_applicable", "out_of_scope", "minimal", "limited", "high", "prohibited"]
GRADE_ORDER = ["low", "medium", "high"]
JURISDICTIONS = ["EU", "CN", "US", "SG", "GB", "DE", "FR"]


def _subset(name: str) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(FACT_VOCABULARY[name]), unique=True, max_size=4)


profiles = st.builds(
    Profile,
    id=st.just("p"),
    jurisdictions=st.lists(st.sampled_from(JURISDICTIONS), unique=True, max_size=3),
    role=st.sampled_from(FACT_VOCABULARY["role"]),
    deployer_type=st.sampled_from(FACT_VOCABULARY["deployer_type"]),
    purposes=_subset("purposes"),
    settings=_subset("settings"),
    biometric_modalities=_subset("biometric_modalities"),
    biometric_mode=st.sampled_from(FACT_VOCABULARY["biometric_mode"]),
    law_enforcement_exception=st.sampled_from(FACT_VOCABULARY["law_enforcement_exception"]),
    inferred_attributes=_subset("inferred_attributes"),
    emotion_recognition_reason=st.sampled_from(FACT_VOCABULARY["emotion_recognition_reason"]),
    data_categories=_subset("data_categories"),
    affected_persons=st.integers(0, 10_000_000),
    public_service=st.booleans(),
    public_opinion_attributes=st.booleans(),
    generative_outputs=_subset("generative_outputs"),
    general_purpose_model=st.booleans(),
    training_compute_flops=st.sampled_from([0.0, 1e23, 1e25, 1e26]),
    automation=st.sampled_from(FACT_VOCABULARY["automation"]),
    decision_impact=st.sampled_from(FACT_VOCABULARY["decision_impact"]),
    profiling=st.booleans(),
    safety_or_health_risk=st.booleans(),
    human_machine_integration=st.booleans(),
    art6_3_exemption=st.sampled_from(FACT_VOCABULARY["art6_3_exemption"]),
    # contract version 2
    is_ai_system=st.booleans(),
    scope_exclusions=st.lists(
        st.sampled_from(FACT_VOCABULARY["scope_exclusions"]), unique=True, max_size=1
    ),
    affected_groups=_subset("affected_groups"),
    acts_for_public_authority=st.booleans(),
    authorised_by_law_for_criminal_offences=st.booleans(),
    assistive_editing_only=st.booleans(),
    public_interest_text=st.booleans(),
    editorial_control=st.booleans(),
    annex_i_section=st.sampled_from(FACT_VOCABULARY["annex_i_section"]),
    election_logistics_only=st.booleans(),
    lawful_dataset_labelling=st.booleans(),
    open_source_model=st.booleans(),
)


def _levels(profile: Profile) -> tuple[int, int]:
    result = default_classifier().classify(profile)
    return TIER_ORDER.index(result.eu_tier), GRADE_ORDER.index(result.ethics_grade)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles, st.sampled_from(["purposes", "data_categories", "jurisdictions"]), st.data())
def test_adding_a_purpose_category_or_jurisdiction_never_lowers_tier_or_grade(
    profile: Profile, field: str, data: st.DataObject
) -> None:
    pool = JURISDICTIONS if field == "jurisdictions" else FACT_VOCABULARY[field]
    extra = data.draw(st.sampled_from(pool))
    bigger = profile.model_copy(
        update={field: tuple(dict.fromkeys([*getattr(profile, field), extra]))}
    )
    before, after = _levels(profile), _levels(bigger)
    assert after[0] >= before[0], f"adding {field}={extra} lowered the EU tier"
    assert after[1] >= before[1], f"adding {field}={extra} lowered the ethics grade"


@settings(max_examples=200, deadline=None)
@given(profiles)
def test_contract_invariants(profile: Profile) -> None:
    result = default_classifier().classify(profile).to_dict()
    tier = result["eu_ai_act"]["tier"]
    assert (tier == "not_applicable") == (not profile.in_eu)
    if tier == "out_of_scope":
        assert not [o for o in result["obligations"] if o["framework"] == "eu-ai-act"] or (
            result["schemes"]["eu_ai_act.gpai"] in ("general_purpose", "systemic_risk")
        )
    if tier == "limited":
        assert result["eu_ai_act"]["transparency"] is True
    # the grade and procedure follow the contract's definitions exactly
    sensitive = {
        "biometric",
        "health",
        "financial",
        "location",
        "minors",
        "criminal",
        "religious",
        "political",
        "genetic",
    }
    expert = (
        profile.public_opinion_attributes
        or profile.human_machine_integration
        or (
            profile.safety_or_health_risk
            and profile.automation in ("fully_automated", "human_on_the_loop")
        )
    )
    assert result["expert_rereview"] == expert
    if (
        tier in ("prohibited", "high")
        or expert
        or {"biometric", "minors"} <= set(profile.data_categories)
    ):
        grade = "high"
    elif (
        sensitive & set(profile.data_categories)
        or tier == "limited"
        or profile.decision_impact in ("significant", "legal")
    ):
        grade = "medium"
    else:
        grade = "low"
    assert result["ethics_grade"] == grade
    assert result["review_procedure"] == ("simplified" if grade == "low" else "general")
    for item in result["eu_ai_act"]["because"]:
        assert item["rule"] and item["cites"] and isinstance(item["facts"], dict)
    for obligation in result["obligations"]:
        assert obligation["framework"] == obligation["id"].split(":")[0]
