"""Demo step: refusal rates of the public chatbot, from recorded responses (offline)."""

from __future__ import annotations

from pathlib import Path

from fulcrum._hashing import sha256_file
from fulcrum.demo._report import DemoReport
from fulcrum.demo.assessments._publish import DATA, Target, publish, published
from fulcrum.evidence import InputRef
from fulcrum.store import Database

TARGET = Target(
    kind="genai",
    system="public-chatbot",
    obligation="cn-gbt-45654:refusal-rates",
    subject="starter bank, recorded answers",
)


def run_genai(database: Database, report: DemoReport) -> None:
    """Judge the recorded answers to the starter bank with the rule judge; link it."""
    if published(database, report, TARGET):
        return
    from fulcrum.assess.genai import load_bank, read_run, score_run, starter_bank_path

    bank, responses = starter_bank_path(), DATA / "chatbot_responses.jsonl"
    records, _ = read_run(responses)
    score = score_run(
        load_bank(bank),
        records,
        requirements=[TARGET.obligation],
        inputs=[_ref(bank), _ref(responses)],
    )
    publish(database, report, TARGET, score.evidence)


def _ref(path: Path) -> InputRef:
    return InputRef(name=path.name, sha256=sha256_file(path), size_bytes=path.stat().st_size)
