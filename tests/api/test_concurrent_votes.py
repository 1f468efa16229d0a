"""50 committee members vote at once through a real server.

``fulcrum serve`` runs in its own process (migrations once, then the workers): on
PostgreSQL with two workers, on a database this test creates and drops, and on the
embedded SQLite with one. Every vote must succeed exactly once, and the audit log
must stay intact.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from fulcrum.auth import UserService
from fulcrum.store import Database

from .world import API, MEMBERS, PASSWORD, Client, answer_all, profile

pytestmark = [pytest.mark.slow]
VOTERS = 50


def _admin_url() -> str | None:
    try:
        import psycopg  # noqa: F401
    except ModuleNotFoundError:
        return None
    from sqlalchemy import create_engine

    for user in ("postgres", "root"):
        url = f"postgresql+psycopg://{user}@127.0.0.1:5432/postgres"
        try:
            engine = create_engine(url, connect_args={"connect_timeout": 2})
            with engine.connect():
                pass
            engine.dispose()
            return url
        except Exception:
            continue
    return None


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database of its own, dropped afterwards (never the shared one)."""
    from sqlalchemy import create_engine, text

    admin_url = _admin_url()
    if admin_url is None:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    name = f"fulcrum_api_votes_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(params=[pytest.param("postgres", marks=pytest.mark.postgres), "sqlite"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The database the server runs on: a fresh PostgreSQL database, or an SQLite file."""
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'votes.db'}"


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[str]:
    """``fulcrum serve`` (two workers on PostgreSQL, one on SQLite); yields its base URL."""
    import httpx

    pg_url = database_url
    workers = "1" if database_url.startswith("sqlite") else "2"
    port = _free_port()
    env = {**os.environ, "FULCRUM_DATA_DIR": str(tmp_path), "FULCRUM_POOL_SIZE": "30"}
    command = [
        sys.executable,
        "-c",
        "from fulcrum.cli.main import run; run()",
        "--db",
        pg_url,
        "serve",
        "--port",
        str(port),
        "--workers",
        workers,
        "--log-level",
        "warning",
    ]
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=log, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"server exited: {(tmp_path / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}{API}/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("server did not start within 90 s")
            time.sleep(0.5)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def test_fifty_members_vote_at_once(server: str, database_url: str) -> None:
    import httpx

    # Given a case in review before a committee of 50 voting members
    database = Database(database_url, migrate=False)
    with database.unit_of_work() as session:
        UserService(session).add(None, "root", role="admin", password=PASSWORD)
    database.dispose()
    http = httpx.Client(base_url=server, timeout=60)
    token = http.post(f"{API}/auth/token", data={"username": "root", "password": PASSWORD})
    root = Client(http, token.json()["access_token"])  # type: ignore[arg-type]
    seats = [*MEMBERS, *((f"m{i:02d}", "member", ["technical"], False, "m") for i in range(43))]
    root.post("/users", {"username": "sam", "role": "submitter"})
    root.post("/committees/defaults")
    tokens: dict[str, str] = {}
    for name, seat, expertise, external, gender in seats:
        role = "chair" if seat in {"chair", "vice_chair"} else "reviewer"
        root.post("/users", {"username": name, "role": role})
        root.post(
            "/committees/ethics/members",
            {
                "user": name,
                "role": seat,
                "expertise": expertise,
                "external": external,
                "gender": gender,
            },
        )
        tokens[name] = root.post(f"/users/{name}/tokens", {"name": "vote"})["secret"]
    sam = Client(http, root.post("/users/sam/tokens", {"name": "t"})["secret"])  # type: ignore[arg-type]
    sam.post("/systems", profile("voted-system"))
    case = sam.post("/cases", {"system": "voted-system"})["id"]
    answer_all(sam, case)
    sam.post(f"/cases/{case}/submit")
    chen = Client(http, tokens["chen"])  # type: ignore[arg-type]
    chen.post(f"/cases/{case}/screen")
    chen.post(f"/cases/{case}/start")
    assert len(tokens) == VOTERS

    # When all 50 vote at the same moment
    start = threading.Barrier(VOTERS)
    codes: dict[str, int] = {}

    def vote(name: str) -> None:
        with httpx.Client(base_url=server, timeout=120) as own:
            start.wait()
            response = own.post(
                f"{API}/cases/{case}/votes",
                json={"choice": "approve", "comment": name},
                headers={"Authorization": f"Bearer {tokens[name]}"},
            )
            codes[name] = response.status_code

    threads = [threading.Thread(target=vote, args=(name,)) for name in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then every vote is recorded once, none is lost, and the log is intact
    assert sorted(set(codes.values())) == [201], codes
    votes = root.get(f"/cases/{case}/votes", params={"limit": 1000})
    assert votes["count"] == VOTERS
    assert sorted(v["comment"] for v in votes["data"]) == sorted(tokens)
    assert root.get("/audit/verify")["intact"] is True
    http.close()
