"""Listing cases costs a fixed number of queries, however many cases and versions there are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event

from fulcrum.profile import Profile
from fulcrum.registry import Registry
from fulcrum.review import CaseService, DecisionService
from fulcrum.review._status import StatusService
from fulcrum.store import Database

from .conftest import PROFILE, user

Act = Callable[..., Any]


def _queries(db: Database, read: Callable[[StatusService], Any]) -> tuple[int, Any]:
    """How many SQL statements ``read`` issues as an auditor, and what it returned."""
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    with db.unit_of_work(write=False) as session:
        service = StatusService(session, user(session, "aud"))
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            result = read(service)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    return len(statements), result


def _open_cases(db: Database, start: int, stop: int) -> None:
    for i in range(start, stop):
        with db.unit_of_work() as session:
            sam = user(session, "sam")
            for version in ("1", "2"):  # two versions each: the case reviews the newest
                facts = {**PROFILE, "id": f"scorer-{i}", "version": version}
                Registry(session, sam).register(Profile.model_validate(facts))
            CaseService(session, sam).open(f"scorer-{i}")


def test_listing_cases_does_not_query_once_per_case(db: Database) -> None:
    _open_cases(db, 0, 3)
    few, rows = _queries(db, StatusService.list)
    assert [r["version"] for r in rows] == [2, 2, 2]
    assert [r["system"] for r in rows] == ["scorer-0", "scorer-1", "scorer-2"]
    _open_cases(db, 3, 15)
    many, rows = _queries(db, StatusService.list)
    assert len(rows) == 15
    # the same handful of queries for 3 cases and for 15 (was two per case)
    assert many == few <= 6


def test_showing_a_case_does_not_query_once_per_vote(db: Database, act: Act) -> None:
    from .test_workflow import to_review

    case_id = to_review(db, act)
    act("ivy", DecisionService, "recuse", case_id, reason="advised the applicant")
    act("dai", DecisionService, "vote", case_id, "approve")
    one_vote, _ = _queries(db, lambda s: s.show(case_id))
    for name in ["eva", "fan", "gao", "hu"]:
        act(name, DecisionService, "vote", case_id, "approve")
    five_votes, _ = _queries(db, lambda s: s.show(case_id))
    assert five_votes == one_vote  # was one more query per voter
