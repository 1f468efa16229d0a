"""Answers in bulk (YAML and CSV, all or nothing) and carried over to a re-review, to confirm."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from fulcrum.errors import InputError, PermissionDeniedError, WorkflowError
from fulcrum.review import AnswerService, CaseService, parse_answers, render_answers
from fulcrum.review._rereview import RereviewService
from fulcrum.store import Database

from .conftest import user
from .test_workflow import _approved, state


def _questions(db: Database, case_id: int) -> list[Any]:
    with db.unit_of_work() as session:
        return [q for q in CaseService(session, user(session, "sam")).questionnaire(case_id)]


def _doc(db: Database, case_id: int) -> int:
    with db.unit_of_work() as session:
        service = CaseService(session, user(session, "sam"))
        return service.attach(case_id, stream=io.BytesIO(b"policy"), filename="p.txt").id


def _answers_yaml(db: Database, case_id: int, evidence: int) -> str:
    lines = ["answers:"]
    for q in _questions(db, case_id):
        if not q.required:
            continue
        if q.answer == "document":
            lines.append(f"  {q.key}: {{value: see policy, evidence: [{evidence}]}}")
        elif q.answer == "choice":
            lines.append(f"  {q.key}: {q.choices[0]}")
        elif q.answer == "yes_no":
            lines.append(f"  {q.key}: 'yes'")
        else:
            lines.append(f"  {q.key}: written answer")
    return "\n".join(lines) + "\n"


def test_import_yaml_then_csv_round_trip(db: Database, act: Any, tmp_path: Path) -> None:
    case_id = act("sam", CaseService, "open", "loan-scorer")
    evidence = _doc(db, case_id)
    path = tmp_path / "answers.yaml"
    path.write_text(_answers_yaml(db, case_id, evidence))
    # When the file is imported, Then every required question is answered and it can be submitted
    count = act("sam", AnswerService, "import_", case_id, parse_answers(path))
    assert count == sum(q.required for q in _questions(db, case_id))
    act("sam", CaseService, "submit", case_id)
    assert state(db, case_id) == "submitted"
    # And the export reads back identically through CSV
    with db.unit_of_work() as session:
        rows = AnswerService(session, user(session, "aud")).export(case_id)
    csv_path = tmp_path / "answers.csv"
    csv_path.write_text(render_answers(rows, "csv"))
    again = parse_answers(csv_path)
    assert [(a.key, a.value, a.evidence) for a in again] == [
        (r["question"], r["value"], tuple(r["evidence"])) for r in rows
    ]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("answers:\n  no-such/q1: 'yes'\n", "no question 'no-such/q1'"),
        ("answers:\n  KEY: maybe\n", "answer 'yes' or 'no'"),
        ("answers:\n  KEY: 'yes'\n  KEY: 'no'\n", "duplicate key"),
        ("answers:\n  KEY: {value: 'yes', evidence: [99]}\n", "no evidence 99"),
        ("answers:\n  KEY: {value: 'yes', proof: 1}\n", "unknown field"),
    ],
    ids=["unknown-question", "bad-value", "duplicate", "unknown-evidence", "unknown-field"],
)
def test_a_bad_line_is_named_and_nothing_is_written(
    db: Database, act: Any, tmp_path: Path, body: str, words: str
) -> None:
    case_id = act("sam", CaseService, "open", "loan-scorer")
    key = next(q.key for q in _questions(db, case_id) if q.answer == "yes_no")
    good = next(q.key for q in _questions(db, case_id) if q.answer == "text")
    path = tmp_path / "bad.yaml"
    path.write_text(
        f"answers:\n  {good}: fine\n" + body.replace("answers:\n", "").replace("KEY", key)
    )
    with pytest.raises(InputError, match=words) as caught:
        act("sam", AnswerService, "import_", case_id, parse_answers(path))
    assert "bad.yaml:" in str(caught.value)
    with db.unit_of_work() as session:
        assert AnswerService(session, user(session, "sam")).export(case_id) == []


def test_only_the_submitter_or_owner_imports(db: Database, act: Any, tmp_path: Path) -> None:
    case_id = act("sam", CaseService, "open", "loan-scorer")
    path = tmp_path / "a.csv"
    path.write_text("question,value,evidence\nno-such-question,yes,\n")
    with pytest.raises(PermissionDeniedError):
        act("aud", AnswerService, "import_", case_id, parse_answers(path))
    with pytest.raises(PermissionDeniedError):
        act("chen", AnswerService, "import_", case_id, parse_answers(path))


def test_a_rereview_starts_from_the_previous_answers_to_confirm(db: Database, act: Any) -> None:
    # Given an approved case
    case_id = _approved(db, act)
    with db.unit_of_work() as session:
        before = AnswerService(session, user(session, "sam")).export(case_id)
    # When a re-review opens
    new_id = act("chen", RereviewService, "rereview", case_id, reason="yearly")
    with db.unit_of_work() as session:
        carried = AnswerService(session, user(session, "sam")).export(new_id)
    # Then every answer is there, marked to confirm, citing evidence copied to the new case
    assert [(a["question"], a["value"]) for a in carried] == [
        (a["question"], a["value"]) for a in before
    ]
    assert all(a["to_confirm"] for a in carried)
    # And the case cannot be submitted until they are confirmed
    with pytest.raises(WorkflowError, match="to confirm"):
        act("sam", CaseService, "submit", new_id)
    assert act("sam", AnswerService, "confirm", new_id) == len(carried)
    act("sam", CaseService, "submit", new_id)
    assert state(db, new_id) == "submitted"
