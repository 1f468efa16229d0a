"""Demo step: one complete ethics review and a re-review triggered by a new version."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from fulcrum.auth import UserService
from fulcrum.demo._report import DemoReport
from fulcrum.profile import load_profile
from fulcrum.registry import Registry
from fulcrum.review import (
    CaseService,
    CommitteeService,
    DecisionService,
    NewCondition,
    StatusService,
    rereview_listener,
)
from fulcrum.store import Database
from fulcrum.store.models.users import UserRow

SYSTEM = "internal-spam-filter"
DEMO_ADMIN = "demo-admin"
V2 = Path(__file__).parent / "profiles_v2" / f"{SYSTEM}.yaml"
# name, user role, seat, expertise, external, gender
PEOPLE = [
    ("li-chair", "chair", "chair", ["ethics"], False, "f"),
    ("wang-vice", "chair", "vice_chair", ["technical"], False, "m"),
    ("zhao", "reviewer", "member", ["law"], True, "f"),
    ("qian", "reviewer", "member", ["technical"], False, "m"),
    ("sun", "reviewer", "member", ["ethics"], False, "f"),
    ("zhou", "reviewer", "member", ["technical", "law"], True, "m"),
    ("wu", "reviewer", "member", ["ethics"], False, "f"),
]


def _user(session: Session, name: str) -> UserRow:
    return UserService(session).resolve(name)


def setup_people(database: Database, report: DemoReport) -> None:
    """Demo step: the demo's users and the seated Ethics committee."""
    with database.unit_of_work() as session:
        _setup(session)


def _setup(session: Session) -> None:
    users = UserService(session)
    if users.users.find("demo-admin") is None:
        if users.users.count() == 0:
            users.add(None, "demo-admin", role="admin")
        else:
            return
    admin = _user(session, "demo-admin")
    for name, role in [
        ("mei-submitter", "submitter"),
        ("it-security", "submitter"),
        ("ana-auditor", "auditor"),
    ] + [(p[0], p[1]) for p in PEOPLE]:
        if users.users.find(name) is None:
            users.add(admin, name, role=role)
    committees = CommitteeService(session, admin)
    committees.ensure_defaults()
    seated = {m["user"] for m in committees.view("ethics").members}
    for name, _role, seat, expertise, external, gender in PEOPLE:
        if name not in seated:
            committees.add_member(
                "ethics", name, role=seat, expertise=expertise, external=external, gender=gender
            )


def run_review(database: Database, report: DemoReport) -> None:
    """Walk one case through the general procedure, then trigger a re-review."""
    with database.unit_of_work() as session:
        if UserService(session).users.find("demo-admin") is None:
            report.notes.append("review demo skipped: the database has users but no demo-admin")
            return
        existing = StatusService(session, _user(session, "demo-admin")).list(system=SYSTEM)
    if existing:
        report.sections["review"] = {"cases": existing, "rerun": True}
        return

    # each step is its own unit of work, as one CLI command would be
    def step(name: str, service: type, method: str, *args: object, **kw: object) -> object:
        with database.unit_of_work() as session:
            return getattr(service(session, _user(session, name)), method)(*args, **kw)

    case = step("mei-submitter", CaseService, "open", SYSTEM)
    case_id = case.id  # type: ignore[attr-defined]
    with database.unit_of_work() as session, tempfile.TemporaryDirectory() as tmp:
        service = CaseService(session, _user(session, "mei-submitter"))
        for q in service.questionnaire(case_id):
            if q.required:
                value = q.choices[0] if q.answer == "choice" else "yes"
                cited = []
                if q.answer == "document":
                    doc = Path(tmp) / f"{q.key.replace('/', '_').replace(':', '_')}.txt"
                    doc.write_text(f"Documentation for {q.key}: {q.text}\n", encoding="utf-8")
                    cited = [service.attach(case_id, path=doc).id]
                service.answer(case_id, q.key, value, evidence_ids=cited)
    step("mei-submitter", CaseService, "submit", case_id)
    step("li-chair", CaseService, "screen", case_id)
    step(
        "li-chair",
        CaseService,
        "change_procedure",
        case_id,
        "general",
        reason="first review of a workplace system: full committee meeting",
    )
    step("li-chair", CaseService, "start", case_id)
    step("wu", DecisionService, "recuse", case_id, reason="manages the IT-security team")
    for name, choice in [
        ("wang-vice", "approve"),
        ("zhao", "approve"),
        ("qian", "approve"),
        ("sun", "approve"),
        ("zhou", "abstain"),
    ]:
        step(name, DecisionService, "vote", case_id, choice, comment="demo vote")
    due = dt.date.today() + dt.timedelta(days=90)
    step(
        "li-chair",
        DecisionService,
        "decide",
        case_id,
        "approved_with_conditions",
        rationale="proportionate; publish the notice",
        conditions=[NewCondition("Publish a staff notice on mail filtering", "it-security", due)],
    )
    with tempfile.TemporaryDirectory() as tmp:
        notice = Path(tmp) / "staff-notice.txt"
        notice.write_text("Corporate mail is filtered for spam; see the intranet policy.\n")
        evidence: Any = step("it-security", CaseService, "attach", case_id, path=notice)
    with database.unit_of_work() as session:
        detail = StatusService(session, _user(session, "demo-admin")).show(case_id)
    step(
        "it-security",
        DecisionService,
        "fulfil_condition",
        case_id,
        detail["conditions"][0]["id"],
        evidence_id=evidence.id,
    )  # type: ignore[attr-defined]
    with database.unit_of_work() as session:
        actor = _user(session, "it-security")
        Registry(session, actor, listeners=(rereview_listener(actor),)).register(load_profile(V2))
    with database.unit_of_work() as session:
        cases = StatusService(session, _user(session, "demo-admin")).list(system=SYSTEM)
    report.sections["review"] = {"cases": cases, "rerun": False}
