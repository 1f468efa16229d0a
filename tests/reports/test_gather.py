"""``reports._gather``: a registered system's record from the services (read-only)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fulcrum.cli.main import app
from fulcrum.evidence import Evidence
from fulcrum.reports import render_dossier_html
from fulcrum.reports._gather import gather_dossier
from tests.reports.conftest import Tables

SCREENER = "eu-recruitment-screener"


def test_tracked_obligations_and_their_evidence(tmp_path: Path, compas_evidence: Evidence) -> None:
    from fulcrum.auth import resolve_actor
    from fulcrum.demo._systems import PROFILES
    from fulcrum.registry import ObligationService, ObligationUpdate
    from fulcrum.store import Database
    from fulcrum.trust import EvidenceService

    # Given a registered system, evidence stored and linked to one obligation, another owned
    url = f"sqlite:///{tmp_path / 'f.db'}"
    result = CliRunner().invoke(app, ["--db", url, "system", "register",
                                      str(PROFILES / f"{SCREENER}.yaml")])  # fmt: skip
    assert result.exit_code == 0, result.output
    database = Database(url)
    with database.unit_of_work() as session:
        actor = resolve_actor(session, None, None)
        obligations = ObligationService(session, actor)
        first, second = [o.obligation for o in obligations.list(SCREENER)][:2]
        stored = EvidenceService(session, actor).store_record(
            compas_evidence.model_dump(mode="json")
        )
        obligations.link_evidence(SCREENER, first, sha256=stored.sha256)
        obligations.update(SCREENER, second, ObligationUpdate(owner=actor.username))
        actor_name = actor.username
    # When the dossier record is gathered
    with database.unit_of_work(write=False) as session:
        record = gather_dossier(session, SCREENER, actor=resolve_actor(session, None, None))
    # Then statuses, owners and the linked evidence record are in it
    by_id = {o.id: o for o in record.obligations}
    assert by_id[first].status == "in_progress"  # the COMPAS evidence fails its check
    assert by_id[first].evidence == ("fairness",)
    assert by_id[second].owner == actor_name
    assert [i.evidence.id for i in record.evidence] == [compas_evidence.id]
    assert record.integrity is not None and record.integrity.chain_ok
    assert any(e.type == "obligation.updated" for e in record.integrity.events)
    rows = Tables(render_dossier_html(record)).tables["obligations"][1:]
    assert rows[[o.id for o in record.obligations].index(first)][3] == "in progress"


def test_signed_checkpoint_in_the_integrity_appendix(tmp_path: Path) -> None:
    from fulcrum.demo._systems import PROFILES

    url = f"sqlite:///{tmp_path / 'f.db'}"
    runner = CliRunner()
    for args in (
        ["system", "register", str(PROFILES / f"{SCREENER}.yaml")],
        ["audit", "checkpoint", "-o", str(tmp_path / "cp.json")],
        ["report", "dossier", SCREENER, "--checkpoint", str(tmp_path / "cp.json"),
         "-o", str(tmp_path / "d.html")],
    ):  # fmt: skip
        result = runner.invoke(app, ["--db", url, *args])
        assert result.exit_code == 0, result.output
    chain = dict(Tables((tmp_path / "d.html").read_text()).tables["chain"])
    assert "verifies" in chain["Latest signed checkpoint"]
    assert "does NOT verify" not in chain["Latest signed checkpoint"]
    assert "key " in chain["Latest signed checkpoint"]
    # a checkpoint whose signature no longer matches does not verify
    data = json.loads((tmp_path / "cp.json").read_text())
    data["head_hash"] = "0" * 64
    (tmp_path / "bad.json").write_text(json.dumps(data))
    bad = ["--checkpoint", str(tmp_path / "bad.json"), "-o", str(tmp_path / "e.html")]
    result = runner.invoke(app, ["--db", url, "report", "dossier", SCREENER, *bad])
    assert result.exit_code == 0, result.output
    chain = dict(Tables((tmp_path / "e.html").read_text()).tables["chain"])
    assert "does NOT verify" in chain["Latest signed checkpoint"]
