"""``fulcrum evidence push`` against the app, and ``fulcrum serve``'s refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from fulcrum.cli.main import app as cli
from fulcrum.evidence import Evidence

from .conftest import bearer
from .world import API, World

runner = CliRunner()


@pytest.fixture
def served(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    """``httpx.Client`` in the push command talks to the app in process."""
    import httpx

    def client(**kwargs: Any) -> TestClient:
        return TestClient(app, headers=kwargs.get("headers"))

    monkeypatch.setattr(httpx, "Client", client)
    return app


def test_push_uploads_a_file(served: FastAPI, world: World, tmp_path: Path) -> None:
    # Given a report and a submitter's token
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4 fairness report")
    env = {"FULCRUM_TOKEN": world.tokens["sam"]}
    # When pushing it to case A, Then it is attached and shows in the case's evidence
    result = runner.invoke(
        cli,
        [
            "evidence",
            "push",
            str(report),
            "--server",
            "http://testserver",
            "--case",
            str(world.ids["A"]),
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    assert "evidence" in result.output
    with TestClient(served) as http:
        listed = http.get(f"{API}/cases/{world.ids['A']}/evidence", headers=bearer(world, "sam"))
    assert "report.pdf" in {e["name"] for e in listed.json()["data"]}


def test_push_sends_records_as_records(served: FastAPI, world: World, tmp_path: Path) -> None:
    record = Evidence.build(kind="fairness", title="ci run", metrics={"n": 3})
    path = tmp_path / "evidence.json"
    path.write_text(json.dumps(record.model_dump(mode="json")), encoding="utf-8")
    result = runner.invoke(
        cli,
        [
            "evidence",
            "push",
            str(path),
            "--server",
            "http://testserver",
            "--case",
            str(world.ids["A"]),
        ],
        env={"FULCRUM_TOKEN": world.tokens["sam"]},
    )
    assert result.exit_code == 0, result.output
    assert "record" in result.output


def test_push_without_a_case_stores_by_hash(served: FastAPI, world: World, tmp_path: Path) -> None:
    report = tmp_path / "scan.csv"
    report.write_text("a,b\n1,2\n")
    result = runner.invoke(
        cli,
        ["evidence", "push", str(report), "--server", "http://testserver"],
        env={"FULCRUM_TOKEN": world.tokens["fan"]},
    )
    assert result.exit_code == 0, result.output
    assert "sha256" in result.output


def test_push_without_token_or_with_a_forbidden_one_fails(
    served: FastAPI, world: World, tmp_path: Path
) -> None:
    report = tmp_path / "r.txt"
    report.write_text("x")
    args = [
        "evidence",
        "push",
        str(report),
        "--server",
        "http://testserver",
        "--case",
        str(world.ids["A"]),
    ]
    assert runner.invoke(cli, args, env={"FULCRUM_TOKEN": ""}).exit_code == 1
    refused = runner.invoke(cli, args, env={"FULCRUM_TOKEN": world.tokens["aud"]})
    assert refused.exit_code == 1
    assert "403" in refused.output


def test_serve_refuses_several_workers_on_sqlite(tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["--db", f"sqlite:///{tmp_path / 'x.db'}", "serve", "--workers", "2"]
    )
    assert result.exit_code == 2
    assert "PostgreSQL" in result.output


def test_push_refuses_a_broken_record_and_sends_it_as_a_file_only_when_asked(
    served: FastAPI, world: World, tmp_path: Path
) -> None:
    env = {"FULCRUM_TOKEN": world.tokens["fan"]}
    broken = tmp_path / "fairness.json"
    broken.write_text('{"kind": "fairness", "verdict": "pass",\n  "checks": [}\n')
    result = runner.invoke(
        cli, ["evidence", "push", str(broken), "--server", "http://testserver"], env=env
    )
    assert result.exit_code == 2 and "fairness.json:2:" in result.output
    envelope = tmp_path / "record.dsse"
    envelope.write_text('{"kind": "fairness"}')
    result = runner.invoke(
        cli, ["evidence", "push", str(envelope), "--server", "http://testserver"], env=env
    )
    assert result.exit_code == 2 and "not a DSSE envelope" in result.output
    result = runner.invoke(
        cli,
        ["evidence", "push", str(broken), "--server", "http://testserver", "--document"],
        env=env,
    )
    assert result.exit_code == 0, result.output
    assert "stored file" in result.output
