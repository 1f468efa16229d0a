"""Fixtures for the UI tests: a seeded database (built once, copied per test) and clients.

The seed: an admin, a chair and a vice-chair, five reviewers, a submitter and an auditor; the
Ethics committee seated compliantly; three demo systems registered; case 1 (the spam filter)
answered, submitted, screened and started, so it is in review and members can vote.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fulcrum.store import Database

PROFILES = Path(__file__).parents[2] / "src" / "fulcrum" / "demo" / "profiles"
SYSTEMS = ("internal-spam-filter", "eu-recruitment-screener", "campus-face-gate")
PASSWORD = "correct horse battery staple"
# name, user role, seat, expertise, gender
MEMBERS = [
    ("li-chair", "chair", "chair", ["ethics"], "f"),
    ("wang-vice", "chair", "vice_chair", ["technical"], "m"),
    ("zhao", "reviewer", "member", ["law"], "f"),
    ("qian", "reviewer", "member", ["technical"], "m"),
    ("sun", "reviewer", "member", ["ethics"], "f"),
    ("zhou", "reviewer", "member", ["technical", "law"], "m"),
    ("wu", "reviewer", "member", ["ethics"], "f"),
]
OTHERS = [("mei", "submitter"), ("ana", "auditor"), ("outsider", "reviewer")]


def _fairness_record() -> dict[str, object]:
    """A small fairness Evidence record, as an assessment would produce it."""
    from fulcrum.evidence import Evidence, Threshold

    ratio = Threshold.parse("selection_rate_ratio>=0.8")
    gap = Threshold.parse("false_positive_rate_difference<=0.05")
    record = Evidence.build(
        kind="fairness",
        title="Spam flags by staff location",
        metrics={"selection_rate": {"hq": 0.021, "branch": 0.019}, "selection_rate_ratio": 0.9},
        checks=[
            ratio.check(0.9, interval=(0.84, 0.97), group={"location": "branch"}),
            gap.check(0.03, interval=(0.01, 0.07), group={"location": "branch"}),
        ],
    )
    return record.model_dump(mode="json")


def _seed(db: Database) -> dict[str, str]:
    from fulcrum.auth import UserService
    from fulcrum.profile import load_profile
    from fulcrum.registry import Registry
    from fulcrum.review import CaseService, CommitteeService

    with db.unit_of_work() as s:
        users = UserService(s)
        admin = users.add(None, "admin", role="admin", password=PASSWORD, display_name="Admin")
        for name, role, *_ in MEMBERS:
            users.add(admin, name, role=role, password=PASSWORD)
        for name, role in OTHERS:
            users.add(admin, name, role=role, password=PASSWORD)
        committees = CommitteeService(s, admin)
        committees.ensure_defaults()
        for name, _role, seat, expertise, gender in MEMBERS:
            committees.add_member(
                "ethics",
                name,
                role=seat,
                expertise=expertise,
                gender=gender,
                external=name in {"zhao", "zhou"},
            )
    for slug in SYSTEMS:
        with db.unit_of_work() as s:
            Registry(s, UserService(s).resolve("mei")).register(
                load_profile(PROFILES / f"{slug}.yaml")
            )
    with db.unit_of_work() as s:
        mei = UserService(s).resolve("mei")
        cases = CaseService(s, mei)
        case = cases.open("internal-spam-filter")
        document = cases.attach(
            case.id, stream=io.BytesIO(b"Mail filtering policy v3\n"), filename="policy.txt"
        )
        cases.attach(case.id, record=_fairness_record(), filename="fairness.json")
        for q in cases.questionnaire(case.id):
            if q.required:
                cited = [document.id] if q.answer == "document" else []
                value = q.choices[0] if q.answer == "choice" else "yes"
                cases.answer(case.id, q.key, value, evidence_ids=cited)
        cases.submit(case.id)
    with db.unit_of_work() as s:
        chair = UserService(s).resolve("li-chair")
        cases = CaseService(s, chair)
        cases.screen(1)
        cases.change_procedure(1, "general", reason="full committee for a workplace system")
        cases.start(1)
    with db.unit_of_work() as s:
        service = UserService(s)
        names = ["admin"] + [m[0] for m in MEMBERS] + [o[0] for o in OTHERS]
        return {
            name: service.issue_token(u, name, name="tests").secret
            for name in names
            if (u := service.resolve(name))
        }


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A seeded SQLite file, built once per test session, and a token per user."""
    path = tmp_path_factory.mktemp("web-template") / "fulcrum.db"
    db = Database(f"sqlite:///{path}")
    tokens = _seed(db)
    db.dispose()
    return path, tokens


@pytest.fixture(scope="session")
def template_db(seeded: tuple[Path, dict[str, str]]) -> Path:
    """The seeded SQLite file (copy it before use)."""
    return seeded[0]


@pytest.fixture
def db(template_db: Path, tmp_path: Path) -> Iterator[Database]:
    """A fresh copy of the seeded database for one test."""
    path = tmp_path / "fulcrum.db"
    shutil.copyfile(template_db, path)
    database = Database(f"sqlite:///{path}", migrate=False)
    yield database
    database.dispose()


def build_app(url: str) -> FastAPI:
    """The REST API's app on ``url`` with the UI included (once: create_app may do it)."""
    from fulcrum.api import create_app
    from fulcrum.web import include_web

    app = create_app(url, migrate=False)
    if not any(getattr(route, "path", "") == "/login" for route in app.routes):
        include_web(app, db=app.state.db)
    return app


@pytest.fixture
def app(db: Database) -> Iterator[FastAPI]:
    """The app under test, on the test's copy of the seeded database."""
    application = build_app(db.url)
    yield application
    application.state.db.dispose()


@pytest.fixture(scope="module")
def reader_as(
    template_db: Path, seeded: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str], TestClient]]:
    """Signed-in clients on one app per module, for tests that only read."""
    path = tmp_path_factory.mktemp("web-readonly") / "fulcrum.db"
    shutil.copyfile(template_db, path)
    application = build_app(f"sqlite:///{path}")
    clients: dict[str, TestClient] = {}

    def make(username: str) -> TestClient:
        if username not in clients:
            client = TestClient(application, base_url="http://testserver")
            client.cookies.set("fulcrum_session", seeded[1][username])
            clients[username] = client
        return clients[username]

    yield make
    application.state.db.dispose()


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = _CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    """Sign ``client`` in through the form, as a browser would."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def client_as(app: FastAPI, seeded: tuple[Path, dict[str, str]]) -> Callable[[str], TestClient]:
    """A signed-in test client for a user name (its session cookie holds a seeded token)."""
    clients: dict[str, TestClient] = {}

    def make(username: str) -> TestClient:
        if username not in clients:
            client = TestClient(app, base_url="http://testserver")
            client.cookies.set("fulcrum_session", seeded[1][username])
            clients[username] = client
        return clients[username]

    return make
