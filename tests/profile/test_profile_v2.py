"""Profile contract version 2: new facts, purposes and ISO 3166 jurisdictions."""

from __future__ import annotations

import datetime as dt

import pytest

from fulcrum.errors import ProfileError
from fulcrum.profile import CONTRACT_VERSION, ISO_3166_ALPHA_2, PURPOSES, parse_profile

V2 = """\
id: v2
jurisdictions: [EU, cn, GB]
is_ai_system: true
scope_exclusions: [free_open_source, scientific_research]
affected_groups: [workers, job_applicants, students, customers, patients, children,
  general_public, migrants, suspects]
acts_for_public_authority: true
authorised_by_law_for_criminal_offences: false
assistive_editing_only: true
public_interest_text: true
editorial_control: true
annex_i_section: B
election_logistics_only: true
lawful_dataset_labelling: true
open_source_model: true
placed_on_market: 2026-03-01
purposes: [biometric_identification, non_consensual_intimate_imagery, child_sexual_abuse_material]
"""


def test_every_version_2_field_is_accepted() -> None:
    profile = parse_profile(V2)
    assert CONTRACT_VERSION == 2
    assert profile.placed_on_market == dt.date(2026, 3, 1)
    assert profile.annex_i_section == "B"
    assert profile.jurisdictions == ("EU", "CN", "GB")


def test_version_1_profiles_keep_their_meaning() -> None:
    profile = parse_profile("id: v1")
    assert profile.is_ai_system is True
    assert profile.scope_exclusions == () and profile.placed_on_market is None


def test_json_dates_are_parsed() -> None:
    assert parse_profile('{"id": "j", "placed_on_market": "2025-07-01"}').placed_on_market == (
        dt.date(2025, 7, 1)
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id: x\njurisdictions: [ED]\n",
            r"p.yaml:2: jurisdictions: .*'ED' is not 'EU' or an ISO 3166-1",
        ),
        ("id: x\njurisdictions: [XX]\n", r"'XX' is not 'EU'"),
        ("id: x\njurisdictions: [EL]\n", r"use 'GR'"),
        ("id: x\njurisdictions: [UK]\n", r"use 'GB'"),
        ("id: x\nscope_exclusions: [hobby]\n", r"scope_exclusions.*unknown value 'hobby'"),
        ("id: x\nannex_i_section: C\n", r"annex_i_section.*unknown value 'C'"),
        ("id: x\nplaced_on_market: someday\n", r"placed_on_market"),
        ("id: x\naffected_group: [workers]\n", r"affected_group: unknown field"),
    ],
)
def test_typos_are_errors_naming_field_and_value(text: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        parse_profile(text, "p.yaml")


def test_iso_list_is_complete() -> None:
    assert len(ISO_3166_ALPHA_2) == 249
    assert {"DE", "CN", "US", "SG", "GB", "AQ", "SS", "BQ"} <= ISO_3166_ALPHA_2
    assert not {"EU", "UK", "EL", "XK"} & ISO_3166_ALPHA_2


def test_new_purposes() -> None:
    assert {
        "biometric_identification",
        "non_consensual_intimate_imagery",
        "child_sexual_abuse_material",
    } <= set(PURPOSES)
