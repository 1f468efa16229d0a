"""The CLI of the governance core: classify, system, catalog, demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fulcrum.cli.main import app
from fulcrum.demo._systems import PROFILES

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args))


def _all_output(result) -> str:
    return result.output + (getattr(result, "stderr", "") or "")


def test_classify_json_contract() -> None:
    result = _run("classify", str(PROFILES / "eu-recruitment-screener.yaml"), "--format", "json")
    assert result.exit_code == 0, _all_output(result)
    data = json.loads(result.output)
    assert data["system"] == "eu-recruitment-screener"
    assert set(data["eu_ai_act"]) >= {"tier", "transparency", "because"}
    assert data["ethics_grade"] in {"high", "medium", "low"}
    assert data["review_procedure"] in {"general", "simplified"}
    assert isinstance(data["expert_rereview"], bool)
    for obligation in data["obligations"]:
        assert {"id", "framework", "cites", "because"} <= set(obligation)


def test_classify_text_is_readable() -> None:
    result = _run("classify", str(PROFILES / "campus-face-gate.yaml"))
    assert result.exit_code == 0, _all_output(result)
    assert "EU AI Act tier" in result.output and "Ethics grade" in result.output


def test_bad_profile_exits_2_naming_file_line_field_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\npurposes: [chatbott]\n")
    db = f"sqlite:///{tmp_path / 'f.db'}"
    result = _run("--db", db, "system", "register", str(bad))
    assert result.exit_code == 2
    assert "bad.yaml:2: purposes[0]: unknown value 'chatbott'" in _all_output(result)
    listed = _run("--db", db, "system", "list", "--format", "json")
    assert json.loads(listed.output)["count"] == 0


def test_system_register_list_show_history(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'f.db'}"
    profile = tmp_path / "p.yaml"
    profile.write_text("id: bot\njurisdictions: [EU]\npurposes: [chatbot]\n")
    first = _run("--db", db, "system", "register", str(profile), "--format", "json")
    assert json.loads(first.output)["version"] == 1
    profile.write_text("id: bot\njurisdictions: [EU, CN]\npurposes: [chatbot]\n")
    second = _run("--db", db, "system", "register", str(profile), "--format", "json")
    assert json.loads(second.output)["version"] == 2
    history = json.loads(_run("--db", db, "system", "history", "bot", "--format", "json").output)
    assert [h["number"] for h in history] == [1, 2]
    shown = json.loads(
        _run("--db", db, "system", "show", "bot", "--version", "1", "--format", "json").output
    )
    assert shown["profile"]["jurisdictions"] == ["EU"]
    missing = _run("--db", db, "system", "show", "nope")
    assert missing.exit_code == 1 and "no registered system 'nope'" in _all_output(missing)


def test_system_obligation_links_stored_evidence_with_its_stored_verdict(tmp_path: Path) -> None:
    from fulcrum.auth import resolve_actor
    from fulcrum.evidence import Evidence, Threshold
    from fulcrum.store import Database
    from fulcrum.trust import EvidenceService

    # Given a registered system and a failing fairness record in the evidence store
    db = f"sqlite:///{tmp_path / 'f.db'}"
    screener = PROFILES / "eu-recruitment-screener.yaml"
    assert _run("--db", db, "system", "register", str(screener)).exit_code == 0
    check = Threshold.parse("demographic_parity_difference<=0.1").check(0.3)
    record = Evidence.build(kind="fairness", title="t", metrics={"d": 0.3}, checks=[check])
    database = Database(db)
    with database.unit_of_work() as session:
        store = EvidenceService(session, resolve_actor(session, None, None))
        sha = store.store_record(record.model_dump(mode="json")).sha256
    database.dispose()
    listed = _run("--db", db, "system", "obligations", "eu-recruitment-screener", "-f", "json")
    ob = json.loads(listed.output)[0]["obligation"]
    # When it is linked by its hash, Then the verdict is the store's and the status follows it
    linked = _run(
        "--db", db, "system", "obligation", "eu-recruitment-screener", ob, "--evidence", sha
    )
    assert linked.exit_code == 0, _all_output(linked)
    assert linked.output.strip().endswith("in_progress")
    after = _run("--db", db, "system", "obligations", "eu-recruitment-screener", "-f", "json")
    entry = next(o for o in json.loads(after.output) if o["obligation"] == ob)["evidence"][0]
    assert (entry["sha256"], entry["verdict"], entry["name"]) == (sha, "fail", "fairness")
    # And a verdict cannot be given on the command line, nor an unstored hash linked
    typed = _run(
        "--db", db, "system", "obligation", "eu-recruitment-screener", ob, "--verdict", "pass"
    )
    assert typed.exit_code == 2
    unknown = _run(
        "--db", db, "system", "obligation", "eu-recruitment-screener", ob, "--evidence", "b" * 64
    )
    assert unknown.exit_code == 1 and "no stored evidence" in _all_output(unknown)


def test_database_url_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FULCRUM_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    assert _run("system", "register", str(PROFILES / "internal-spam-filter.yaml")).exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_catalog_commands() -> None:
    listed = json.loads(_run("catalog", "list", "--format", "json").output)
    assert any(f["id"] == "eu-ai-act" for f in listed)
    shown = _run("catalog", "show", "eu-ai-act", "--format", "json")
    assert json.loads(shown.output)["short_title"] == "EU AI Act"
    assert _run("catalog", "search", "risk").exit_code == 0
    assert _run("catalog", "show", "no-such:thing").exit_code == 1
    cov = json.loads(
        _run("catalog", "coverage", "eu-ai-act", "iso-iec-42001", "--format", "json").output
    )
    assert set(cov["summary"]) == {"covered", "partial", "none"}


def test_catalog_query_and_export(tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?f WHERE { ?f a skos:ConceptScheme } ORDER BY ?f")
    rows = json.loads(_run("catalog", "query", str(rq), "--format", "json").output)
    assert {"f": "urn:fulcrum:eu-ai-act"} in rows
    out = tmp_path / "c.ttl"
    assert _run("catalog", "export", "--format", "turtle", "--output", str(out)).exit_code == 0
    assert "skos:" in out.read_text()


def test_demo_runs_twice_on_the_same_database(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    first = _run("--db", db, "demo")
    assert first.exit_code == 0, _all_output(first)
    assert "campus-face-gate" in first.output
    assert _run("--db", db, "demo").exit_code == 0
