"""Racing votes and decisions on one case: exactly one wins, the other gets ConflictError."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from fulcrum.audit import verify
from fulcrum.auth import UserService
from fulcrum.errors import ConflictError
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
        Registry(session).register(Profile.model_validate(PROFILE), actor="sam")
    with database.unit_of_work() as session:
        case_id = CaseService(session, UserService(session).resolve("sam")).open("loan-scorer").id
    answer_all(database, case_id)
    for name, method in [("sam", "submit"), ("chen", "screen"), ("chen", "start")]:
        with database.unit_of_work() as session:
            getattr(CaseService(session, UserService(session).resolve(name)), method)(case_id)
    return case_id


def _race(database: Database, jobs: list[tuple[str, str, tuple[Any, ...]]]) -> list[str]:
    """Each thread loads the case, waits for the others, then acts; returns outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def work(name: str, method: str, args: tuple[Any, ...]) -> None:
        try:
            with database.unit_of_work() as session:
                service = DecisionService(session, UserService(session).resolve(name))
                service.repo.case(args[0])  # stale copy in this session's identity map
                barrier.wait(timeout=10)
                getattr(service, method)(*args)
            result = "ok"
        except ConflictError:
            result = "conflict"
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


def _check_races(database: Database) -> None:
    case_id = _seed(database)
    # When two members vote at the same moment, Then exactly one wins
    assert _race(
        database, [("dai", "vote", (case_id, "approve")), ("eva", "vote", (case_id, "approve"))]
    ) == ["conflict", "ok"]
    for name in ["dai", "eva", "fan", "gao", "hu", "ivy"]:
        try:
            with database.unit_of_work() as session:
                DecisionService(session, UserService(session).resolve(name)).vote(
                    case_id, "approve"
                )
        except Exception:  # the winner of the race already voted
            pass
    # When the chair and the vice-chair record decisions at the same moment
    assert _race(
        database,
        [("chen", "decide", (case_id, "approved")), ("dai", "decide", (case_id, "approved"))],
    ) == ["conflict", "ok"]
    with database.unit_of_work() as session:
        result = verify(session)
        assert result.ok
        case = DecisionService(session, UserService(session).resolve("root")).repo.case(case_id)
        assert len(case.decisions) == 1


def test_races_on_sqlite(tmp_path: Any) -> None:
    _check_races(Database(f"sqlite:///{tmp_path / 'race.db'}"))


@pytest.mark.postgres
def test_races_on_postgres(postgres_database: Database) -> None:
    _check_races(postgres_database)
