"""CLI contract of user, committee, review and audit commands (typer CliRunner)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from fulcrum.cli.main import app

runner = CliRunner()


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def run(url: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", url, *args], env=env or {})
    return result.exit_code, result.output


TOKEN_MODE = {"FULCRUM_AUTH": "token"}


def test_bootstrap_roles_and_errors(url: str) -> None:
    # Given an empty database, the first user added becomes admin
    assert run(url, "user", "add", "boss", "--role", "auditor")[0] == 0
    code, out = run(url, "user", "list", "--as", "boss", "-f", "json")
    assert code == 0 and '"role": "admin"' in out
    # On the local file the CLI acts as the local administrator
    assert run(url, "user", "add", "ann", "--role", "auditor")[0] == 0
    # --as makes the administrator act as someone else, with that user's rights
    assert run(url, "user", "add", "sub", "--role", "submitter", "--as", "ann")[0] == 1
    # When tokens are mandatory, nothing is done without one, and --as is no way around it
    code, out = run(url, "user", "add", "eve", "--role", "admin", env=TOKEN_MODE)
    assert code == 1 and "FULCRUM_TOKEN" in out
    code, out = run(url, "user", "role", "ann", "admin", "--as", "boss", env=TOKEN_MODE)
    assert code == 1 and "FULCRUM_TOKEN" in out
    # The last admin cannot demote or deactivate herself
    code, out = run(url, "user", "role", "boss", "auditor")
    assert code == 1 and "last active admin" in out
    code, out = run(url, "user", "deactivate", "boss")
    assert code == 1 and "last active admin" in out
    # Unknown case and wrong role: clear errors, non-zero exit
    code, out = run(url, "review", "show", "42", "--as", "ann")
    assert code == 1 and "no review case 42" in out
    code, out = run(url, "committee", "defaults", "--as", "ann")
    assert code == 1 and "may not committee.manage" in out


def test_tokens_login_and_expiry(url: str) -> None:
    result = runner.invoke(
        app,
        ["--db", url, "user", "add", "boss", "--role", "admin", "--password-stdin"],
        input="boss-password\n",
    )
    assert result.exit_code == 0, result.output
    code, out = run(url, "user", "login", "boss", env={"FULCRUM_PASSWORD": "boss-password"})
    assert code == 0
    secret = out.strip().splitlines()[-1]
    assert run(url, "user", "list", env={"FULCRUM_TOKEN": secret, **TOKEN_MODE})[0] == 0
    code, out = run(url, "user", "tokens", "-f", "json", env={"FULCRUM_TOKEN": secret})
    assert code == 0 and '"state": "active"' in out and secret not in out
    code, out = run(url, "user", "list", env={"FULCRUM_TOKEN": "fulcrum_bad"})
    assert code == 1 and "unknown API token" in out
    # Failed sign-ins are counted: after five, even the right password is refused for a while
    for _ in range(5):
        assert run(url, "user", "login", "boss", env={"FULCRUM_PASSWORD": "nope-nope"})[0] == 1
    code, out = run(url, "user", "login", "boss", env={"FULCRUM_PASSWORD": "boss-password"})
    assert code == 1 and "too many failed sign-ins" in out
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE api_tokens SET expires_at = '2000-01-01 00:00:00'"))
    code, out = run(url, "user", "list", env={"FULCRUM_TOKEN": secret})
    assert code == 1 and "expired" in out


def test_demo_then_audit_verify_export_checkpoint_and_tamper(url: str, tmp_path: Path) -> None:
    # Given the demo's database with a full review trail
    assert runner.invoke(app, ["--db", url, "demo"]).exit_code == 0
    assert runner.invoke(app, ["--db", url, "demo"]).exit_code == 0  # re-runnable
    code, out = run(url, "review", "list", "--as", "ana-auditor", "-f", "json")
    assert code == 0 and "rereview_due" in out and "draft" in out
    cp = tmp_path / "cp.json"
    assert run(url, "audit", "checkpoint", "-o", str(cp), "--as", "ana-auditor")[0] == 0
    export = tmp_path / "log.jsonl"
    assert run(url, "audit", "export", "-o", str(export), "--as", "ana-auditor")[0] == 0
    lines = export.read_text().splitlines()
    assert len(lines) > 20 and '"vote.cast"' in export.read_text()
    code, out = run(url, "audit", "verify", "--checkpoint", str(cp), "--as", "ana-auditor")
    assert code == 0 and "intact" in out
    # When an event is altered with raw SQL, Then verify fails naming it
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 7"))
    code, out = run(url, "audit", "verify", "--as", "ana-auditor")
    assert code == 1 and "event #7" in out


def test_review_commands_refuse_illegal_moves(url: str) -> None:
    assert runner.invoke(app, ["--db", url, "demo"]).exit_code == 0
    code, out = run(url, "review", "submit", "1", "--as", "mei-submitter")
    assert code == 1 and "allowed" in out
    code, out = run(url, "review", "vote", "2", "approve", "--as", "qian")
    assert code == 1 and "'draft'" in out
    code, out = run(url, "review", "decide", "2", "maybe", "--as", "li-chair")
    assert code == 2 and "expected one of" in out
