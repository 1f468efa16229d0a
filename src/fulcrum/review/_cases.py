"""Opening a case, the questionnaire and evidence, submission, screening, withdrawal."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from fulcrum.audit import events
from fulcrum.catalog import Catalog, get_catalog
from fulcrum.errors import InputError, NotFoundError, WorkflowError
from fulcrum.review._base import ServiceBase
from fulcrum.review._lifecycle import FINAL_STATES
from fulcrum.review._policy import composition_problems
from fulcrum.review._public import case_public
from fulcrum.review._questionnaire import QuestionItem, build_questionnaire, check_answer
from fulcrum.schemas.cases import AnswerPublic, CasePublic, EvidencePublic
from fulcrum.store.models.review import AnswerRow, EvidenceLinkRow, ReviewCaseRow
from fulcrum.trust import EvidenceService


class CaseService(ServiceBase):
    """The submitter's side of a case and the chair's screening."""

    catalog: Catalog | None = None

    def _catalog(self) -> Catalog:
        return self.catalog or get_catalog()

    def open(self, system: str, *, version: int | None = None) -> CasePublic:
        """Open a draft case for a system version, from its stored classification."""
        return case_public(self, self._open(system, version=version))

    def _open(
        self,
        system: str,
        *,
        version: int | None = None,
        trigger: str = "",
        parent_id: int | None = None,
    ) -> ReviewCaseRow:
        self.authorize("case.open")
        row = self.systems.find_by_slug(system)
        ver = self.systems.version(row, version)
        stored = self.systems.latest_classification(ver)
        if stored is None:
            raise WorkflowError(f"system {system!r} version {ver.number} is not classified")
        for case in self.repo.cases(system_id=row.id):
            if case.version_id == ver.id and case.state not in FINAL_STATES | {"rereview_due"}:
                raise WorkflowError(
                    f"case {case.id} ({case.state}) is already open for {system} v{ver.number}"
                )
        case = ReviewCaseRow(
            system_id=row.id,
            version_id=ver.id,
            classification_id=stored.id,
            state="draft",
            procedure=stored.review_procedure,
            expert_rereview=stored.expert_rereview,
            committees=self.policy.committees_for(ver.profile),
            mode=self.policy.routing.mode,
            submitter_id=self.actor.id,
            owner=row.owner,
            trigger=trigger,
            parent_id=parent_id,
            updated_at=self.clock(),
        )
        self.repo.add(case)
        self.record(
            events.CASE_OPENED,
            case,
            {
                "system": system,
                "version": ver.number,
                "procedure": case.procedure,
                "committees": case.committees,
                "mode": case.mode,
                "expert_rereview": case.expert_rereview,
                "trigger": trigger,
                "parent": parent_id,
            },
        )
        return case

    def questionnaire(self, case_id: int) -> list[QuestionItem]:
        """The questions of a case (from its classification's obligations)."""
        self.authorize("case.read")
        return self._questions(self.repo.case(case_id))

    def _questions(self, case: ReviewCaseRow) -> list[QuestionItem]:
        from fulcrum.store.models.systems import ClassificationRow

        stored = self.session.get(ClassificationRow, case.classification_id)
        return build_questionnaire(stored.result if stored else {}, self._catalog())

    def _editable(self, case: ReviewCaseRow) -> None:
        if case.state != "draft":
            raise WorkflowError(f"case {case.id} is {case.state!r}; only a draft can be edited")

    def answer(
        self, case_id: int, key: str, value: str, *, evidence_ids: list[int] | None = None
    ) -> AnswerPublic:
        """Answer one question (``requirement/question``), optionally citing evidence ids."""
        self.authorize("case.answer")
        case = self.load(case_id, lock=True)
        self.authorize_case("case.answer", case)
        self._editable(case)
        items = {q.key: q for q in self._questions(case)}
        if key not in items:
            raise InputError(f"case {case_id} has no question {key!r}")
        cited = list(evidence_ids or [])
        known = {e.id for e in case.evidence}
        for eid in cited:
            if eid not in known:
                raise InputError(f"case {case_id} has no evidence {eid}")
        clean = check_answer(items[key], value, cited)
        row = next((a for a in case.answers if a.question_key == key), None)
        if row is None:
            row = AnswerRow(case=case, question_key=key, value=clean, answered_by="")
            case.answers.append(row)
        row.value, row.evidence_ids, row.answered_by = clean, cited, self.actor.username
        row.to_confirm = False
        self.repo.flush()
        self.record(events.ANSWERED, case, {"question": key, "value": clean, "evidence": cited})
        return AnswerPublic.model_validate(row)

    def attach(
        self,
        case_id: int,
        *,
        path: Path | None = None,
        record: dict[str, Any] | None = None,
        stream: BinaryIO | None = None,
        filename: str = "",
        note: str = "",
    ) -> EvidencePublic:
        """Attach a file (stored by hash) or an Evidence record (checked; signed or not)."""
        self.authorize("case.attach")
        given = [x is not None for x in (path, record, stream)]
        if sum(given) != 1:
            raise InputError("attach exactly one of a file or an evidence record")
        case = self.load(case_id, lock=True)
        self.authorize_case("case.attach", case)
        if case.state in FINAL_STATES:
            raise WorkflowError(f"case {case.id} is {case.state!r}; nothing can be attached")
        store = EvidenceService(self.session, self.actor, audit=self.audit, settings=self.settings)
        if record is not None:
            stored = store.store_record(record, where=filename or "record")
        elif path is not None:
            stored = store.store_file(path, name=path.name)
        else:
            assert stream is not None
            stored = store.store_file(stream, name=filename or "upload")
        link = EvidenceLinkRow(
            case=case,
            kind=stored.kind,
            sha256=stored.sha256,
            filename=filename or (path.name if path else stored.name),
            size=stored.size,
            record=stored.record,
            note=note,
            added_by=self.actor.username,
            provenance=stored.provenance,
            verdict=stored.verdict,
        )
        self.repo.add(link)
        self.record(
            events.EVIDENCE_LINKED,
            case,
            {
                "evidence": link.id,
                "kind": link.kind,
                "sha256": link.sha256,
                "name": link.filename,
                "provenance": link.provenance,
                "verdict": link.verdict,
            },
        )
        return EvidencePublic.model_validate(link)

    def answers(self, case_id: int) -> list[AnswerPublic]:
        """The answers given so far."""
        self.authorize("case.read")
        return [AnswerPublic.model_validate(a) for a in self.repo.case(case_id).answers]

    def evidence(self, case_id: int) -> list[EvidencePublic]:
        """Evidence attached to a case, with its provenance and verdict."""
        self.authorize("case.read")
        return [EvidencePublic.model_validate(e) for e in self.repo.case(case_id).evidence]

    def evidence_item(self, case_id: int, evidence_id: int) -> EvidencePublic:
        """One piece of a case's evidence; NotFoundError when the case has no such evidence."""
        self.authorize("case.read")
        return EvidencePublic.model_validate(self._link(self.repo.case(case_id), evidence_id))

    @staticmethod
    def _link(case: ReviewCaseRow, evidence_id: int) -> EvidenceLinkRow:
        link = next((e for e in case.evidence if e.id == evidence_id), None)
        if link is None:
            raise NotFoundError(f"case {case.id} has no evidence {evidence_id}")
        return link

    def evidence_bytes(self, case_id: int, evidence_id: int) -> tuple[str, bytes]:
        """An attached file or record's name and bytes, after checking its hash."""
        self.authorize("case.read")
        link = self._link(self.repo.case(case_id), evidence_id)
        store = EvidenceService(self.session, self.actor, audit=self.audit, settings=self.settings)
        return link.filename, store.read(link.sha256)

    def missing_answers(self, case: ReviewCaseRow) -> list[str]:
        """Keys of required questions without an answer, and carried-over ones to confirm."""
        answered = {a.question_key for a in case.answers if not a.to_confirm}
        unconfirmed = [f"{a.question_key} (to confirm)" for a in case.answers if a.to_confirm]
        missing = [q.key for q in self._questions(case) if q.required and q.key not in answered]
        return [k for k in missing if f"{k} (to confirm)" not in unconfirmed] + unconfirmed

    def submit(self, case_id: int) -> CasePublic:
        """Submit a draft; refused while required answers are missing."""
        self.authorize("case.submit")
        case = self.load(case_id, lock=True)
        self.authorize_case("case.submit", case)
        missing = self.missing_answers(case)
        if case.state == "draft" and missing:
            shown = ", ".join(missing[:5]) + (
                f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            )
            raise WorkflowError(
                f"case {case_id} cannot be submitted: {len(missing)} required answers missing: "
                f"{shown}"
            )
        self.transition(case, "submit")
        case.submitted_at = self.clock()
        return case_public(self, case)

    def screen(self, case_id: int) -> CasePublic:
        """The chair takes a submitted case into screening."""
        self.authorize("case.screen")
        case = self.load(case_id, lock=True)
        self.authorize_case("case.screen", case)
        self.transition(case, "screen")
        return case_public(self, case)

    def send_back(self, case_id: int, *, reason: str) -> CasePublic:
        """Screening returns the case to the submitter as a draft."""
        self.authorize("case.screen")
        case = self.load(case_id, lock=True)
        self.authorize_case("case.screen", case)
        self.transition(case, "return", reason=reason)
        return case_public(self, case)

    def start(self, case_id: int) -> CasePublic:
        """Accept the case for review; a meeting procedure needs compliant committees."""
        self.authorize("case.start")
        case = self.load(case_id, lock=True)
        self.authorize_case("case.start", case)
        procedure = self.policy.procedure(case.procedure)
        for slug in case.committees:
            committee = self.repo.find_committee(slug)
            if committee is None:
                raise WorkflowError(
                    f"case {case_id} needs committee {slug!r}, which does not exist"
                )
            problems = composition_problems(committee.members, self.policy.composition)
            if procedure.meeting and problems:
                raise WorkflowError(
                    f"committee {slug!r} is not compliant and cannot hold a {case.procedure} "
                    f"meeting: {'; '.join(problems)}"
                )
        self.transition(case, "start", procedure=case.procedure, committees=case.committees)
        case.accepted_at = self.clock()
        return case_public(self, case)

    def change_procedure(self, case_id: int, procedure: str, *, reason: str) -> CasePublic:
        """The chair changes the procedure, with a recorded reason."""
        self.authorize("case.procedure")
        if not reason.strip():
            raise InputError("a reason is required to change the procedure")
        self.policy.procedure(procedure)
        case = self.load(case_id, lock=True)
        self.authorize_case("case.procedure", case)
        if case.state not in {"draft", "submitted", "screening", "in_review"}:
            raise WorkflowError(f"case {case_id} is {case.state!r}; the procedure is settled")
        if case.decisions:
            raise WorkflowError(f"case {case_id} already has decisions; the procedure is settled")
        old, case.procedure, case.procedure_reason = case.procedure, procedure, reason
        self.record(
            events.PROCEDURE_CHANGED, case, {"from": old, "to": procedure, "reason": reason}
        )
        return case_public(self, case)

    def withdraw(self, case_id: int, *, reason: str = "") -> CasePublic:
        """Withdraw an open case (its submitter, or an admin)."""
        self.authorize("case.withdraw")
        case = self.load(case_id, lock=True)
        self.authorize_case("case.withdraw", case)
        if case.submitter_id != self.actor.id and self.actor.role != "admin":
            from fulcrum.errors import PermissionDeniedError

            raise PermissionDeniedError(
                f"only the submitter or an admin may withdraw case {case_id}"
            )
        self.transition(case, "withdraw", reason=reason)
        return case_public(self, case)
