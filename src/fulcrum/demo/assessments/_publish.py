"""Evidence out of a demo assessment: signed as CI would sign it, stored, linked, attached.

Every assessment step ends here. ``published`` says whether a step already ran (its
obligation holds evidence), so a re-run adds nothing and only reports what is there;
``publish`` signs the record with the demo CI key, stores it (through the system's open
review case when there is one, so the committee sees it) and links it to the obligation.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from fulcrum.auth import UserService
from fulcrum.demo._report import DemoReport
from fulcrum.demo._review import DEMO_ADMIN
from fulcrum.evidence import Evidence
from fulcrum.store import Database
from fulcrum.store.models.users import UserRow

SIGNER = "demo-ci"
#: The bundled data sets (see SOURCE.md there).
DATA = Path(__file__).parents[1] / "data"


@dataclass(frozen=True)
class Target:
    """Where a demo assessment's evidence goes: a system's obligation."""

    kind: str  # shown in the report: "fairness", "biometrics", ...
    system: str
    obligation: str
    subject: str  # what was assessed, in a few words


def published(database: Database, report: DemoReport, target: Target) -> bool:
    """True (and the stored evidence reported) when ``target`` already holds evidence."""
    from fulcrum.registry import ObligationService
    from fulcrum.trust import EvidenceService

    with database.unit_of_work(write=False) as session:
        admin = UserService(session).users.find(DEMO_ADMIN)
        if admin is None:
            report.notes.append(f"{target.kind} demo skipped: the database has no {DEMO_ADMIN!r}")
            return True
        listed = {o.obligation: o for o in ObligationService(session, admin).list(target.system)}
        row = listed.get(target.obligation)
        if row is None:
            report.notes.append(
                f"{target.kind} demo skipped: {target.system} has no {target.obligation}"
            )
            return True
        if not row.evidence:
            return False
        entry = row.evidence[-1]
        record = json.loads(EvidenceService(session, admin).read(entry["sha256"]))
        _report(
            report,
            target,
            record,
            entry["provenance"],
            row.status,
            _case_of(session, admin, target, entry["sha256"]),
        )
    return True


def publish(database: Database, report: DemoReport, target: Target, evidence: Evidence) -> None:
    """Sign ``evidence`` as the demo CI, store it (attached to an open case), link it."""
    from fulcrum.audit._signing import load_or_create_private_key, public_from_private
    from fulcrum.registry import ObligationService
    from fulcrum.review import CaseService
    from fulcrum.settings import get_settings
    from fulcrum.trust import EvidenceService, sign_evidence

    key = load_or_create_private_key(get_settings().data_dir / "keys" / f"{SIGNER}.pem")
    envelope = sign_evidence(evidence.model_dump(mode="json"), key)
    with database.unit_of_work() as session:
        admin = UserService(session).resolve(DEMO_ADMIN)
        store = EvidenceService(session, admin)
        if SIGNER not in {s.name for s in store.signers()}:
            store.add_signer(SIGNER, base64.b64encode(public_from_private(key)).decode())
        case = _open_case(session, admin, target.system)
        if case is None:
            sha = store.store_record(envelope).sha256
        else:
            sha = (
                CaseService(session, admin)
                .attach(
                    case, record=envelope, filename=f"{evidence.kind}.json", note=target.subject
                )
                .sha256
            )
        tracked = ObligationService(session, admin).link_evidence(
            target.system,
            target.obligation,
            sha256=sha,
            name=evidence.title,
        )
    provenance = next(e["provenance"] for e in tracked.evidence if e["sha256"] == sha)
    _report(report, target, evidence.model_dump(mode="json"), provenance, tracked.status, case)


def _open_case(session: Session, admin: UserRow, system: str) -> int | None:
    """The newest case of ``system`` that can still take evidence, if any."""
    from fulcrum.review import StatusService
    from fulcrum.review._lifecycle import FINAL_STATES

    cases = StatusService(session, admin).list(system=system)
    open_ = [c["case"] for c in cases if c["state"] not in FINAL_STATES]
    return max(open_) if open_ else None


def _case_of(session: Session, admin: UserRow, target: Target, sha: str) -> int | None:
    """The case the evidence ``sha`` is attached to, if any."""
    from fulcrum.review import CaseService, StatusService

    cases = CaseService(session, admin)
    for case in StatusService(session, admin).list(system=target.system):
        if any(e.sha256 == sha for e in cases.evidence(case["case"])):
            return int(case["case"])
    return None


def _report(
    report: DemoReport,
    target: Target,
    record: dict[str, Any],
    provenance: str,
    status: str,
    case: int | None,
) -> None:
    report.sections.setdefault("assessments", []).append(
        {
            "kind": target.kind,
            "subject": target.subject,
            "system": target.system,
            "obligation": target.obligation,
            "verdict": record["verdict"],
            "provenance": provenance,
            "status": status,
            "case": case,
            "checks": [_check_line(c) for c in record.get("checks", [])],
        }
    )


def _check_line(check: dict[str, Any]) -> str:
    return (
        f"{check['metric']} {check['operator']} {check['threshold']:g}: "
        f"{check['verdict']} ({check['reason']})"
    )


def missing(report: DemoReport, kind: str, extra: str, *modules: str) -> bool:
    """True (and a note) when a module the ``kind`` step needs is not installed."""
    import importlib.util

    absent = [m for m in modules if importlib.util.find_spec(m) is None]
    if absent:
        report.notes.append(
            f"{kind} demo skipped: {', '.join(absent)} not installed "
            f"(pip install 'fulcrum[{extra}]')"
        )
    return bool(absent)
