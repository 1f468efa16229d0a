"""Concurrent votes all count; one member voting twice at once and racing decisions: one wins."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from fulcrum.audit import verify
from fulcrum.auth import UserService
from fulcrum.errors import ConflictError, WorkflowError
from fulcrum.profile import Profile
from fulcrum.registry import Registry
from fulcrum.review import CaseService, CommitteeService, DecisionService
from fulcrum.store import Database

from .conftest import MEMBERS, PROFILE
from .test_workflow import answer_all


def _seed(database: Database) -> int:
    with database.unit_of_work() as session:
        users = UserService(session)
        admin = users.add(None, "root", role="admin")
        users.add(admin, "sam", role="submitter")
        for name, seat, *_ in MEMBERS:
            users.add(admin, name, role="chair" if seat in {"chair", "vice_chair"} else "reviewer")
        committees = CommitteeService(session, admin)
        committees.ensure_defaults()
        for name, seat, expertise, external, gender in MEMBERS:
            committees.add_member(
                "ethics", name, role=seat, expertise=expertise, external=external, gender=gender
            )
        Registry(session, users.resolve("sam")).register(Profile.model_validate(PROFILE))
    with database.unit_of_work() as session:
        case_id = CaseService(session, UserService(session).resolve("sam")).open("loan-scorer").id
    answer_all(database, case_id)
    for name, method in [("sam", "submit"), ("chen", "screen"), ("chen", "start")]:
        with database.unit_of_work() as session:
            getattr(CaseService(session, UserService(session).resolve(name)), method)(case_id)
    return case_id


def _race(database: Database, jobs: list[tuple[str, str, tuple[Any, ...]]]) -> list[str]:
    """Each thread waits for the others, then acts through ``Database.run``; returns outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def work(name: str, method: str, args: tuple[Any, ...]) -> None:
        def act(session: Any) -> None:
            service = DecisionService(session, UserService(session).resolve(name))
            getattr(service, method)(*args)

        barrier.wait(timeout=30)
        try:
            database.run(act)
            result = "ok"
        except (ConflictError, WorkflowError):
            result = "refused"
        except BaseException as exc:  # pragma: no cover - shown in the assertion
            result = f"error: {exc!r}"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=work, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


VOTERS = 50


def _seat_many(database: Database) -> list[str]:
    """Seat enough extra reviewers on the Ethics committee for VOTERS voters."""
    names = [f"m{n:02d}" for n in range(VOTERS - 6)]
    with database.unit_of_work() as session:
        users = UserService(session)
        admin = users.resolve("root")
        committees = CommitteeService(session, admin)
        for name in names:
            users.add(admin, name, role="reviewer")
            committees.add_member("ethics", name, role="member", expertise=["technical"])
    return ["dai", "eva", "fan", "gao", "hu", "ivy", *names]


def _check_races(database: Database) -> None:
    case_id = _seed(database)
    voters = _seat_many(database)
    # When 50 members vote at the same moment, Then every vote is recorded (none conflicts)
    outcomes = _race(database, [(name, "vote", (case_id, "approve")) for name in voters])
    assert outcomes == ["ok"] * VOTERS
    # When one member sends a second vote twice at once, Then both are refused
    assert _race(
        database, [("dai", "vote", (case_id, "reject")), ("dai", "vote", (case_id, "reject"))]
    ) == ["refused", "refused"]
    # When the chair and the vice-chair record decisions at the same moment, exactly one wins
    assert _race(
        database,
        [("chen", "decide", (case_id, "approved")), ("dai", "decide", (case_id, "approved"))],
    ) == ["ok", "refused"]
    with database.unit_of_work() as session:
        result = verify(session)
        assert result.ok, result.problem
        case = DecisionService(session, UserService(session).resolve("root")).repo.case(case_id)
        assert len(case.decisions) == 1
        assert sorted(v.user.username for v in case.votes) == sorted(voters)
        assert case.decisions[0].tally["approve"] == VOTERS


def test_races_on_sqlite(tmp_path: Any) -> None:
    _check_races(Database(f"sqlite:///{tmp_path / 'race.db'}"))


@pytest.mark.postgres
def test_races_on_postgres(postgres_database: Database) -> None:
    _check_races(postgres_database)
