"""What "My work" lists: read-only selections over the review services' answers.

Nothing here decides what a user may do (the services refuse when asked); it only picks,
from what the services return, the items that name the signed-in user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fulcrum.web import _services as services
from fulcrum.web._context import Ctx

SOON_DAYS = 90
_WITH_CONDITIONS = {"decided", "expert_rereview", "monitoring", "rereview_due"}


@dataclass
class MyWork:
    """The signed-in user's queue."""

    to_vote: list[dict[str, Any]] = field(default_factory=list)
    to_decide: list[dict[str, Any]] = field(default_factory=list)
    to_screen: list[dict[str, Any]] = field(default_factory=list)
    drafts: list[dict[str, Any]] = field(default_factory=list)
    conditions: list[dict[str, Any]] = field(default_factory=list)
    overdue: list[dict[str, Any]] = field(default_factory=list)
    obligations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when there is nothing to do."""
        return not any(
            (
                self.to_vote,
                self.to_decide,
                self.to_screen,
                self.drafts,
                self.conditions,
                self.overdue,
                self.obligations,
            )
        )


def my_work(ctx: Ctx) -> MyWork:
    """Cases awaiting my vote or decision, my drafts, conditions I own, overdue items."""
    me = ctx.user.username
    status = services.status(ctx)
    seats: dict[str, str] = {}
    for committee in services.committees(ctx).list():
        for member in committee.members:
            if member["user"] == me:
                seats[committee.slug] = member["role"]
    work = MyWork()
    mine_systems: set[str] = set()
    for case in status.list():
        state = case["state"]
        if case["submitter"] == me:
            mine_systems.add(case["system"])
        if state == "draft" and case["submitter"] == me:
            work.drafts.append(case)
        if state in {"submitted", "screening"} and any(c in seats for c in case["committees"]):
            work.to_screen.append(case)
        if state == "in_review" and any(c in seats for c in case["committees"]):
            detail = status.show(case["case"])
            decided = {d["committee"] for d in detail["decisions"]}
            current = [c for c in case["committees"] if c not in decided]
            if detail["mode"] == "sequential":
                current = current[:1]
            mine = [c for c in current if c in seats]
            recused = any(r["user"] == me for r in detail["recusals"])
            if mine and not recused:
                voted = {v["committee"] for v in detail["votes"] if v["user"] == me}
                if any(c not in voted and seats[c] != "secretary" for c in mine):
                    work.to_vote.append(case)
                if any(seats[c] in {"chair", "vice_chair"} for c in mine):
                    work.to_decide.append(case)
        if state in _WITH_CONDITIONS:
            for condition in status.show(case["case"])["conditions"]:
                if condition["owner"] == me and not condition["fulfilled"]:
                    work.conditions.append({**condition, "case": case["case"], **_sys(case)})
    work.overdue = status.overdue()
    work.obligations = _obligations_due(ctx, mine_systems)
    return work


def _obligations_due(ctx: Ctx, systems: set[str]) -> list[dict[str, Any]]:
    """Open obligations I own, or unowned ones of systems I submitted, due within 90 days."""
    me = ctx.user.username
    horizon = dt.date.today() + dt.timedelta(days=SOON_DAYS)
    out = []
    for slug in sorted(systems):
        for ob in services.obligations(ctx, slug):
            if ob.status in {"verified", "not_applicable"} or ob.owner not in {me, ""}:
                continue
            if ob.due is not None and ob.due <= horizon:
                out.append({"system": slug, "obligation": ob})
    return sorted(out, key=lambda o: (o["obligation"].due, o["system"]))


def _sys(case: dict[str, Any]) -> dict[str, Any]:
    return {"system": case["system"], "version": case["version"]}
