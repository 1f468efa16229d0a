"""Impact of a change of law on systems: tier, obligations and deadlines before and after."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fulcrum.catalog import get_catalog
from fulcrum.profile import Profile
from fulcrum.rules import impact

D = dt.date


def profile(system: str, **facts: object) -> Profile:
    return Profile.model_validate({"id": system, "jurisdictions": ["EU"], **facts})


SCREENER = profile("screener", role="provider", purposes=["recruitment_selection"])
NUDIFIER = profile("nudifier", purposes=["non_consensual_intimate_imagery"])
FILTER = profile("filter", purposes=["spam_filtering"])


def test_the_omnibus_moves_deadlines_and_adds_a_prohibition() -> None:
    # Given the law on 1 July 2026 and on 2 December 2026
    report = impact([SCREENER, NUDIFIER, FILTER], before=D(2026, 7, 1), after=D(2026, 12, 2))
    rows = {s.system: s for s in report.systems}
    # Then the screener keeps its tier but its high-risk deadlines move to 2 December 2027
    screener = rows["screener"]
    assert (screener.tier_before, screener.tier_after) == ("high", "high")
    moved = {m.id: (m.before, m.after) for m in screener.deadlines_moved}
    assert moved["eu-ai-act:art-9-risk-management"] == (D(2026, 8, 2), D(2027, 12, 2))
    assert not screener.tier_rose
    # And the nudifier becomes prohibited, which calls for a re-review
    nudifier = rows["nudifier"]
    assert (nudifier.tier_before, nudifier.tier_after) == ("minimal", "prohibited")
    assert "eu-ai-act:art-5-prohibited-practice" in nudifier.obligations_added
    assert nudifier.tier_rose
    # And the spam filter is untouched
    assert not rows["filter"].changed
    assert report.rereview_due == ("nudifier",)
    assert report.to_dict()["summary"] == {"systems": 3, "changed": 2, "tier_rose": 1}


def test_impact_between_two_rule_sets(tmp_path: Path) -> None:
    # an old rule set: the bundled catalog as it stood before the Omnibus, as a catalog object
    old = get_catalog().as_of(D(2026, 7, 1))
    report = impact([NUDIFIER], before=old, as_of=D(2026, 12, 2))
    (row,) = report.systems
    assert (row.tier_before, row.tier_after) == ("minimal", "prohibited")
    assert report.after == f"{get_catalog().version} as of 2026-12-02"


def test_obligations_that_start_binding_are_reported() -> None:
    report = impact([SCREENER], before=D(2027, 12, 1), after=D(2027, 12, 2))
    (row,) = report.systems
    assert "eu-ai-act:art-9-risk-management" in row.now_in_force
    assert not row.deadlines_moved
