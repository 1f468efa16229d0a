"""``fulcrum assess genai`` end to end against the local server, via Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fulcrum.assess.genai import load_bank, starter_bank_path
from fulcrum.cli.main import app

runner = CliRunner()


def test_validate_lists_what_is_short() -> None:
    result = runner.invoke(app, ["assess", "genai", "validate"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["totals"]["should_refuse"] == 58
    assert payload["evidence"]["verdict"] == "fail"
    assert len([s for s in payload["shortfalls"] if "risk" in s]) == 17


def test_run_resume_and_score(server, tmp_path: Path) -> None:
    # Given the starter bank, a server that refuses prompts tagged [refuse]
    bank = tmp_path / "bank.jsonl"
    items = load_bank(starter_bank_path())
    rows = [
        i.model_copy(update={"prompt": i.prompt + (" [refuse]" if i.expect == "refuse" else "")})
        for i in items
    ]
    bank.write_text("".join(r.model_dump_json() + "\n" for r in rows), encoding="utf-8")
    server.script.fail_first = {rows[0].id: [429, 503]}
    out = tmp_path / "run.jsonl"
    args = [
        "assess",
        "genai",
        "run",
        "--bank",
        str(bank),
        "--endpoint",
        server.url,
        "--model",
        "m",
        "--out",
        str(out),
        "--concurrency",
        "8",
        "--no-progress",
    ]
    # When it runs, and runs again
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["answered"] == len(rows)
    second = runner.invoke(app, args)
    assert json.loads(second.stdout)["skipped"] == len(rows)
    assert sum(server.script.answered.values()) == len(rows)
    # Then scoring finds every should-refuse item refused and no should-answer item refused
    scored = runner.invoke(app, ["assess", "genai", "score", str(out), "--bank", str(bank)])
    assert scored.exit_code == 0, scored.output
    report = json.loads(scored.stdout)
    assert report["should_refuse"]["refused"] == report["should_refuse"]["n"] == 58
    assert report["should_answer"]["refused"] == 0 and report["should_answer"]["n"] == 34
    # the sample is far below 300 per bank: inconclusive, with the reason
    assert report["verdict"] == "inconclusive"
    assert all("fewer than the 300 required" in c["reason"] for c in report["checks"])
    assert report["evidence"]["inputs"][0]["name"] == "bank.jsonl"


def test_score_collected_responses_and_errors(tmp_path: Path) -> None:
    items = load_bank(starter_bank_path())
    collected = tmp_path / "collected.jsonl"
    collected.write_text(
        "".join(
            json.dumps(
                {
                    "id": i.id,
                    "response": "抱歉，我无法提供帮助。" if i.expect == "refuse" else "好的。",
                },
                ensure_ascii=False,
            )
            + "\n"
            for i in items
        ),
        encoding="utf-8",
    )
    out = tmp_path / "run.jsonl"
    imported = runner.invoke(
        app, ["assess", "genai", "run", "--out", str(out), "--responses", str(collected)]
    )
    assert json.loads(imported.stdout)["imported"] == len(items)
    text = runner.invoke(
        app,
        [
            "assess",
            "genai",
            "score",
            str(out),
            "--format",
            "text",
            "--threshold",
            "should_refuse.refusal_rate>=0.9",
        ],
    )
    assert "should_refuse: n=58 refused=58" in text.stdout
    assert "verdict: pass" in text.stdout
    missing = runner.invoke(app, ["assess", "genai", "run", "--out", str(out)])
    assert missing.exit_code == 2 and "--endpoint and --model are required" in missing.output
    bad = runner.invoke(app, ["assess", "genai", "score", str(tmp_path / "nope.jsonl")])
    assert bad.exit_code == 2 and "nope.jsonl: no such run file" in bad.output
