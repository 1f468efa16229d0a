"""Demo step: fairness evidence on real data, signed as CI would sign it, tied to an obligation."""

from __future__ import annotations

import base64
from pathlib import Path

from fulcrum.auth import UserService
from fulcrum.demo._report import DemoReport
from fulcrum.demo._review import DEMO_ADMIN
from fulcrum.store import Database

DATA = Path(__file__).parent / "data" / "compas.csv"
SYSTEM = "eu-recruitment-screener"
OBLIGATION = "code-of-ethics:fairness-assessment"
SIGNER = "demo-ci"


def run_assessment(database: Database, report: DemoReport) -> None:
    """Assess COMPAS by race against the catalog's thresholds; store it signed; link it."""
    from fulcrum.assess.fairness import assess_fairness
    from fulcrum.audit._signing import load_or_create_private_key, public_from_private
    from fulcrum.registry import ObligationService
    from fulcrum.settings import get_settings
    from fulcrum.trust import EvidenceService, sign_evidence

    with database.unit_of_work(write=False) as session:
        admin = UserService(session).users.find(DEMO_ADMIN)
        if admin is None:
            return
        listed = ObligationService(session, admin).list(SYSTEM)
        if any(o.obligation == OBLIGATION and o.evidence for o in listed):
            return  # a re-run adds nothing
    result = assess_fairness(
        DATA,
        label="two_year_recid",
        pred="high_risk",
        sensitive="race",
        requirements=[OBLIGATION],
        random_state=0,
    )
    key = load_or_create_private_key(get_settings().data_dir / "keys" / f"{SIGNER}.pem")
    envelope = sign_evidence(result.evidence.model_dump(mode="json"), key)
    with database.unit_of_work() as session:
        admin = UserService(session).users.find(DEMO_ADMIN)
        if admin is None:
            return
        store = EvidenceService(session, admin)
        if SIGNER not in {s.name for s in store.signers()}:
            store.add_signer(SIGNER, base64.b64encode(public_from_private(key)).decode())
        stored = store.store_record(envelope)
        tracked = ObligationService(session, admin).link_evidence(
            SYSTEM,
            OBLIGATION,
            sha256=stored.sha256,
            name=result.evidence.title,
            verdict=stored.verdict,
            provenance=stored.provenance,
        )
    report.sections["evidence"] = {
        "system": SYSTEM,
        "obligation": OBLIGATION,
        "verdict": stored.verdict,
        "provenance": stored.provenance,
        "status": tracked.status,
        "checks": [
            f"{c.metric} {c.operator} {c.threshold:g}: {c.verdict} ({c.reason})"
            for c in result.evidence.checks
        ],
    }
