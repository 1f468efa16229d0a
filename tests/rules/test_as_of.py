"""The law as of a date: each application date and the Digital Omnibus's entry into force, seen
from the day before and the day itself (expected dates written from Art. 113 as amended)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fulcrum.profile import Profile
from fulcrum.rules import Classification, default_classifier

D = dt.date
OMNIBUS_IN_FORCE = D(2026, 7, 27)
ANNEX_III = {"role": "provider", "purposes": ["recruitment_selection"]}
ANNEX_I = {"role": "provider", "safety_component_of_regulated_product": True}
NUDIFIER = {"purposes": ["non_consensual_intimate_imagery"]}
LEGACY_GENERATOR = {
    "role": "provider",
    "generative_outputs": ["image"],
    "placed_on_market": "2026-03-01",
}
NEW_GENERATOR = {
    "role": "provider",
    "generative_outputs": ["image"],
    "placed_on_market": "2026-09-01",
}
LEGACY_MODEL = {"role": "provider", "general_purpose_model": True, "placed_on_market": "2025-03-01"}
SOCIAL_SCORING = {"purposes": ["social_scoring"]}


def classify(facts: dict[str, Any], as_of: dt.date) -> Classification:
    profile = Profile.model_validate({"id": "dated", "jurisdictions": ["EU"], **facts})
    return default_classifier().classify(profile, as_of=as_of)


def obligation(result: Classification, local_id: str) -> dict[str, Any]:
    data = result.to_dict()
    matches = [o for o in data["obligations"] if o["id"] == f"eu-ai-act:{local_id}"]
    assert matches, f"{local_id} does not apply"
    return matches[0]


# (case, facts, obligation, as of, applies_from, in force)
DATES = [
    (
        "Art. 5 the day before 2 Feb 2025",
        SOCIAL_SCORING,
        "art-5-prohibited-practice",
        D(2025, 2, 1),
        "2025-02-02",
        False,
    ),
    (
        "Art. 5 on 2 Feb 2025",
        SOCIAL_SCORING,
        "art-5-prohibited-practice",
        D(2025, 2, 2),
        "2025-02-02",
        True,
    ),
    (
        "GPAI the day before 2 Aug 2025",
        {"role": "provider", "general_purpose_model": True},
        "art-53-gpai-documentation",
        D(2025, 8, 1),
        "2025-08-02",
        False,
    ),
    (
        "GPAI on 2 Aug 2025",
        {"role": "provider", "general_purpose_model": True},
        "art-53-gpai-documentation",
        D(2025, 8, 2),
        "2025-08-02",
        True,
    ),
    (
        "legacy GPAI model: Art. 111(3) until 2 Aug 2027",
        LEGACY_MODEL,
        "art-53-gpai-documentation",
        D(2027, 8, 1),
        "2027-08-02",
        False,
    ),
    (
        "legacy GPAI model on 2 Aug 2027",
        LEGACY_MODEL,
        "art-53-gpai-documentation",
        D(2027, 8, 2),
        "2027-08-02",
        True,
    ),
    (
        "Annex III before the Omnibus: the original 2 Aug 2026",
        ANNEX_III,
        "art-9-risk-management",
        OMNIBUS_IN_FORCE - dt.timedelta(days=1),
        "2026-08-02",
        False,
    ),
    (
        "Annex III once the Omnibus is in force: 2 Dec 2027",
        ANNEX_III,
        "art-9-risk-management",
        OMNIBUS_IN_FORCE,
        "2027-12-02",
        False,
    ),
    (
        "Annex III on 2 Aug 2026 (no longer binding)",
        ANNEX_III,
        "art-9-risk-management",
        D(2026, 8, 2),
        "2027-12-02",
        False,
    ),
    (
        "Annex III the day before 2 Dec 2027",
        ANNEX_III,
        "art-9-risk-management",
        D(2027, 12, 1),
        "2027-12-02",
        False,
    ),
    (
        "Annex III on 2 Dec 2027",
        ANNEX_III,
        "art-9-risk-management",
        D(2027, 12, 2),
        "2027-12-02",
        True,
    ),
    (
        "Annex I before the Omnibus: 2 Aug 2027",
        ANNEX_I,
        "art-9-risk-management",
        D(2026, 7, 1),
        "2027-08-02",
        False,
    ),
    (
        "Annex I the day before 2 Aug 2028",
        ANNEX_I,
        "art-9-risk-management",
        D(2028, 8, 1),
        "2028-08-02",
        False,
    ),
    ("Annex I on 2 Aug 2028", ANNEX_I, "art-9-risk-management", D(2028, 8, 2), "2028-08-02", True),
    (
        "new prohibition the day before 2 Dec 2026",
        NUDIFIER,
        "art-5-prohibited-practice",
        D(2026, 12, 1),
        "2026-12-02",
        False,
    ),
    (
        "new prohibition on 2 Dec 2026",
        NUDIFIER,
        "art-5-prohibited-practice",
        D(2026, 12, 2),
        "2026-12-02",
        True,
    ),
    (
        "Art. 50(2) for a new generator the day before 2 Aug 2026",
        NEW_GENERATOR,
        "art-50-2-synthetic-content-marking",
        D(2026, 8, 1),
        "2026-08-02",
        False,
    ),
    (
        "Art. 50(2) for a new generator on 2 Aug 2026",
        NEW_GENERATOR,
        "art-50-2-synthetic-content-marking",
        D(2026, 8, 2),
        "2026-08-02",
        True,
    ),
    (
        "Art. 50(2) grace (Art. 111(4)) the day before 2 Dec 2026",
        LEGACY_GENERATOR,
        "art-50-2-synthetic-content-marking",
        D(2026, 12, 1),
        "2026-12-02",
        False,
    ),
    (
        "Art. 50(2) grace ends on 2 Dec 2026",
        LEGACY_GENERATOR,
        "art-50-2-synthetic-content-marking",
        D(2026, 12, 2),
        "2026-12-02",
        True,
    ),
    (
        "before the Omnibus a legacy generator had no grace",
        LEGACY_GENERATOR,
        "art-50-2-synthetic-content-marking",
        D(2026, 7, 1),
        "2026-08-02",
        False,
    ),
]


@pytest.mark.parametrize(
    ("facts", "local_id", "as_of", "applies_from", "in_force"),
    [c[1:] for c in DATES],
    ids=[c[0] for c in DATES],
)
def test_application_dates(
    facts: dict[str, Any], local_id: str, as_of: dt.date, applies_from: str, in_force: bool
) -> None:
    o = obligation(classify(facts, as_of), local_id)
    assert (o["applies_from"], o["in_force"]) == (applies_from, in_force)


def test_new_prohibition_is_law_from_the_omnibus_entry_into_force() -> None:
    # the tier is the legal classification whether or not the obligation applies yet
    assert classify(NUDIFIER, OMNIBUS_IN_FORCE - dt.timedelta(days=1)).eu_tier == "minimal"
    after = classify(NUDIFIER, OMNIBUS_IN_FORCE)
    assert after.eu_tier == "prohibited"
    assert after.to_dict()["eu_ai_act"]["as_of"] == "2026-07-27"


def test_contract_fields_on_every_obligation() -> None:
    data = classify(ANNEX_III, D(2026, 12, 2)).to_dict()
    assert data["eu_ai_act"]["as_of"] == "2026-12-02"
    for o in data["obligations"]:
        assert {"applies_from", "in_force"} <= o.keys()
        assert o["applies_from"] is None or dt.date.fromisoformat(o["applies_from"])


def test_ruleset_version_names_the_view_of_the_law() -> None:
    before = classify(ANNEX_III, D(2026, 1, 1))
    after = classify(ANNEX_III, D(2026, 12, 2))
    assert before.ruleset_version != after.ruleset_version
    assert before.ruleset_version.startswith(after.ruleset_version + "@")
