"""The demo runs one assessment of each kind and leaves verifiable, linked evidence."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from fulcrum.audit._signing import key_id, load_or_create_private_key, public_from_private
from fulcrum.auth import UserService
from fulcrum.cli.main import app
from fulcrum.demo import DemoReport, run_demo
from fulcrum.demo.assessments import run_explain, run_robustness
from fulcrum.demo.assessments._publish import SIGNER
from fulcrum.registry import ObligationService
from fulcrum.review import StatusService
from fulcrum.settings import get_settings
from fulcrum.store import Database
from fulcrum.store.models.evidence import EvidenceBlobRow
from fulcrum.trust import BlobStore, EvidenceService, check_record, verify_everything

KINDS = {"fairness", "biometrics", "privacy", "genai", "labels", "robustness", "explain"}


def _counts(database: Database) -> dict[str, Any]:
    """Events in the log, stored blobs, and evidence on obligations and cases."""
    with database.unit_of_work(write=False) as session:
        admin = UserService(session).resolve("demo-admin")
        verified = verify_everything(session, admin)
        assert verified.ok, verified.problem
        blobs = session.scalar(select(func.count()).select_from(EvidenceBlobRow))
        status = StatusService(session, admin)
        attached = sum(len(status.show(c["case"])["evidence"]) for c in status.list())
    return {"events": verified.count, "blobs": blobs, "attached": attached}


def test_demo_evidence_of_every_kind_is_signed_linked_and_runs_once(tmp_path: Path) -> None:
    # Given an empty database
    database = Database(f"sqlite:///{tmp_path / 'demo.db'}", migrate=True)

    # When the demo runs
    started = time.perf_counter()
    report = run_demo(database)
    first_run = time.perf_counter() - started

    # Then it reports one verdict of each kind, each signed by the demo CI and tracked
    rows = {r["kind"]: r for r in report.sections["assessments"]}
    assert set(rows) == KINDS, report.notes
    for row in rows.values():
        assert row["verdict"] in {"pass", "fail", "inconclusive"}
        assert row["provenance"] == f"signed:{SIGNER}"
        assert row["checks"], row
    assert rows["fairness"]["verdict"] == "fail"  # ProPublica's finding
    assert rows["privacy"]["case"] is not None  # the spam filter's open review case
    assert first_run < 120, first_run  # ~12 s on a quiet 2-core machine

    # And each record is stored under its hash, passes the record check, and sits on its
    # obligation; the signer's key is the demo CI key
    key = load_or_create_private_key(get_settings().data_dir / "keys" / f"{SIGNER}.pem")
    with database.unit_of_work(write=False) as session:
        admin = UserService(session).resolve("demo-admin")
        store = EvidenceService(session, admin)
        assert key_id(public_from_private(key)) in store.signer_keys()
        blobs = BlobStore(session)
        obligations = ObligationService(session, admin)
        for kind, row in rows.items():
            tracked = {o.obligation: o for o in obligations.list(row["system"])}
            links = tracked[row["obligation"]].evidence
            assert len(links) == 1, (kind, links)
            assert links[0]["provenance"] == f"signed:{SIGNER}"
            record = check_record(json.loads(blobs.read(links[0]["sha256"])), where=kind)
            assert record.verdict == row["verdict"] == links[0]["verdict"]
        case = StatusService(session, admin).show(rows["privacy"]["case"])
        attached = [e for e in case["evidence"] if e["kind"] == "record"]
        assert [e["provenance"] for e in attached] == [f"signed:{SIGNER}"]

    # When it runs again, Then it adds nothing and still reports every verdict
    before = _counts(database)
    again = run_demo(database)
    assert _counts(database) == before
    assert {r["kind"]: r["verdict"] for r in again.sections["assessments"]} == {
        k: r["verdict"] for k, r in rows.items()
    }


def test_demo_output_shows_each_verdict_and_audit_verify_is_intact(tmp_path: Path) -> None:
    # Given the demo's database
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    first = runner.invoke(app, ["--db", db, "demo"], terminal_width=200)
    assert first.exit_code == 0, first.output

    # Then the output has a row per kind with its verdict, and each check's reason
    for kind in KINDS:
        assert f"  {kind}: " in first.output, kind
    assert "signed:demo-ci" in first.output
    assert "fnmr <= 0.01" in first.output

    # And the audit log still proves the state
    verify = runner.invoke(app, ["--db", db, "audit", "verify", "--as", "ana-auditor"])
    assert verify.exit_code == 0 and "intact" in verify.output, verify.output


@pytest.mark.parametrize(
    ("step", "module"), [(run_robustness, "sklearn"), (run_explain, "sklearn")]
)
def test_a_step_whose_extra_is_missing_is_skipped_with_a_note(
    step: Any, module: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given scikit-learn is not installed
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == module else real(name, *a)
    )
    report = DemoReport()

    # When the step runs, Then it notes the missing extra and touches nothing
    step(Database(f"sqlite:///{tmp_path / 'x.db'}", migrate=True), report)
    assert "assessments" not in report.sections
    assert any("fulcrum[robustness]" in note for note in report.notes), report.notes
