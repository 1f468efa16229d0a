"""Questionnaire answers in bulk: import and export (YAML or CSV), and carry-over to re-review.

A file of answers is validated whole before anything is written: every row
names a question of the case, a valid value and evidence the case holds; the
first bad row is named and nothing is changed. When a re-review opens, the
previous case's answers are copied to the new case marked "to confirm", and
the case cannot be submitted until each is confirmed or answered again.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fulcrum._yaml import parse_yaml, read_text
from fulcrum.audit import events
from fulcrum.errors import InputError
from fulcrum.review._base import ServiceBase
from fulcrum.review._questionnaire import check_answer
from fulcrum.store.models.review import AnswerRow, EvidenceLinkRow, ReviewCaseRow

CSV_COLUMNS = ("question", "value", "evidence")


@dataclass(frozen=True)
class AnswerLine:
    """One answer read from a file, with where it came from."""

    key: str
    value: str
    evidence: tuple[int, ...]
    where: str


def _ids(raw: Any, where: str) -> tuple[int, ...]:
    if raw in (None, ""):
        return ()
    items = raw if isinstance(raw, list) else str(raw).replace(";", ",").split(",")
    try:
        return tuple(int(str(i).strip()) for i in items if str(i).strip())
    except ValueError as exc:
        raise InputError(f"{where}: evidence must be evidence ids (numbers), got {raw!r}") from exc


def parse_answers(path: Path) -> list[AnswerLine]:
    """Read answers from ``.yaml``/``.yml``/``.json`` (``{question: value}``) or ``.csv``."""
    text = read_text(path)
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        if reader.fieldnames is None or not {"question", "value"} <= set(reader.fieldnames):
            raise InputError(f"{path}: a CSV of answers needs the columns {', '.join(CSV_COLUMNS)}")
        lines = [
            AnswerLine(
                (row.get("question") or "").strip(),
                row.get("value") or "",
                _ids(row.get("evidence"), f"{path}:{n}"),
                f"{path}:{n}",
            )
            for n, row in enumerate(reader, start=2)
        ]
        if not lines:
            raise InputError(f"{path}: a header and no answers; expected one row per question")
        return lines
    doc = parse_yaml(text, str(path))
    data = doc.data.get("answers", doc.data) if isinstance(doc.data, dict) else doc.data
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping of question keys to answers")
    out = []
    for key, item in data.items():
        where = f"{path}:{doc.line_of(('answers', key)) or doc.line_of((key,)) or 1}"
        if isinstance(item, dict):
            unknown = set(item) - {"value", "evidence"}
            if unknown:
                raise InputError(f"{where}: {key}: unknown field(s) {', '.join(sorted(unknown))}")
            value, evidence = item.get("value", ""), item.get("evidence")
        else:
            value, evidence = item, None
        out.append(
            AnswerLine(str(key), "" if value is None else str(value), _ids(evidence, where), where)
        )
    return out


def render_answers(rows: list[dict[str, Any]], fmt: str) -> str:
    """Answers as YAML or CSV text that ``parse_answers`` reads back."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=[*CSV_COLUMNS, "to_confirm"])
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "evidence": ",".join(str(i) for i in row["evidence"])})
        return out.getvalue()
    import yaml

    answers = {
        r["question"]: {"value": r["value"], "evidence": list(r["evidence"])}
        if r["evidence"]
        else r["value"]
        for r in rows
    }
    return yaml.safe_dump({"answers": answers}, allow_unicode=True, sort_keys=False)


class AnswerService(ServiceBase):
    """Answers of a case in bulk, and carried over from a previous case."""

    def export(self, case_id: int) -> list[dict[str, Any]]:
        """Every answer of a case (question, value, evidence ids, to_confirm)."""
        self.authorize("case.read")
        case = self.repo.case(case_id)
        return [
            {
                "question": a.question_key,
                "value": a.value,
                "evidence": list(a.evidence_ids),
                "to_confirm": a.to_confirm,
            }
            for a in case.answers
        ]

    def import_(self, case_id: int, lines: list[AnswerLine]) -> int:
        """Answer many questions at once; the first bad line is named and nothing is written."""
        from fulcrum.review._cases import CaseService

        self.authorize("case.answer")
        case = self.load(case_id, lock=True)
        self.authorize_case("case.answer", case)
        cases = CaseService(
            self.session,
            self.actor,
            policy=self.policy,
            clock=self.clock,
            audit=self.audit,
            settings=self.settings,
        )
        items = {q.key: q for q in cases._questions(case)}
        known = {e.id for e in case.evidence}
        seen: set[str] = set()
        for line in lines:
            if line.key not in items:
                raise InputError(f"{line.where}: case {case_id} has no question {line.key!r}")
            if line.key in seen:
                raise InputError(f"{line.where}: question {line.key!r} is answered twice")
            seen.add(line.key)
            missing = [e for e in line.evidence if e not in known]
            if missing:
                raise InputError(f"{line.where}: case {case_id} has no evidence {missing[0]}")
            try:
                check_answer(items[line.key], line.value, list(line.evidence))
            except InputError as exc:
                raise InputError(f"{line.where}: {exc}") from exc
        for line in lines:
            cases.answer(case_id, line.key, line.value, evidence_ids=list(line.evidence))
        return len(lines)

    def confirm(self, case_id: int, keys: list[str] | None = None) -> int:
        """Confirm carried-over answers (all, or the named ones); returns how many."""
        self.authorize("case.answer")
        case = self.load(case_id, lock=True)
        self.authorize_case("case.answer", case)
        chosen = [a for a in case.answers if a.to_confirm and (not keys or a.question_key in keys)]
        if keys:
            unknown = set(keys) - {a.question_key for a in chosen}
            if unknown:
                raise InputError(f"case {case_id}: nothing to confirm for {sorted(unknown)[0]!r}")
        for answer in chosen:
            answer.to_confirm = False
        self.repo.flush()
        self.record(events.ANSWERED, case, {"confirmed": [a.question_key for a in chosen]})
        return len(chosen)


def carry_over(
    service: ServiceBase, parent: ReviewCaseRow, case: ReviewCaseRow, keys: set[str]
) -> int:
    """Copy ``parent``'s answers to questions ``case`` still asks (with the evidence they
    cite) to ``case``, each to be confirmed."""
    links: dict[int, EvidenceLinkRow] = {}
    kept = [a for a in parent.answers if a.question_key in keys]
    for answer in kept:
        cited = []
        for eid in answer.evidence_ids:
            old = next((e for e in parent.evidence if e.id == eid), None)
            if old is None:
                continue
            if eid not in links:
                links[eid] = EvidenceLinkRow(
                    case=case,
                    kind=old.kind,
                    sha256=old.sha256,
                    filename=old.filename,
                    size=old.size,
                    record=old.record,
                    note=f"carried over from case {parent.id}",
                    added_by=old.added_by,
                    provenance=old.provenance,
                    verdict=old.verdict,
                )
                service.repo.add(links[eid])
            cited.append(links[eid].id)
        case.answers.append(
            AnswerRow(
                case=case,
                question_key=answer.question_key,
                value=answer.value,
                evidence_ids=cited,
                answered_by=answer.answered_by,
                to_confirm=True,
            )
        )
    service.repo.flush()
    return len(kept)
