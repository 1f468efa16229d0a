"""``fulcrum report`` and ``fulcrum export oscal`` through the CLI runner."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from fulcrum.cli.main import app
from fulcrum.demo._systems import PROFILES
from tests.reports.conftest import Tables

runner = CliRunner()
SCREENER = str(PROFILES / "eu-recruitment-screener.yaml")


def _run(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_soa_csv_organisation_wide() -> None:
    out = _run("report", "soa", "--framework", "iso-iec-42001", "--format", "csv").stdout_bytes
    rows = list(csv.reader(io.StringIO(out.decode("utf-8-sig"))))
    assert len(rows) == 1 + 38 and all(r[4] == "yes" for r in rows[1:])


def test_soa_for_a_profile_in_chinese(tmp_path: Path) -> None:
    target = tmp_path / "soa.html"
    _run("report", "soa", "--system", SCREENER, "--lang", "zh-CN", "-o", str(target))
    page = Tables(target.read_text())
    assert page.headings[0] == "适用性声明"
    assert "否" in [r[2] for r in page.tables["soa"][1:]]


def test_oscal_catalog_export() -> None:
    out = _run("export", "oscal", "catalog", "--framework", "iso-iec-42001").stdout
    assert json.loads(out)["catalog"]["metadata"]["title"].startswith("ISO/IEC 42001")


def test_oscal_exports_for_a_profile(evidence_file: Path) -> None:
    cd = json.loads(_run("export", "oscal", "component-definition", "--system", SCREENER).stdout)
    assert (
        cd["component-definition"]["components"][0]["title"] == "CV screening and ranking assistant"
    )
    ar = json.loads(
        _run("export", "oscal", "assessment-results", "--system", SCREENER,
             "--evidence", str(evidence_file)).stdout
    )  # fmt: skip
    assert len(ar["assessment-results"]["results"][0]["observations"]) == 1


def test_bias_audit_and_model_card_and_filing(evidence_file: Path, tmp_path: Path) -> None:
    out = _run("report", "bias-audit", str(evidence_file), "-f", "csv", "--data-from",
               "2013-01-01", "--data-to", "2014-12-31").stdout  # fmt: skip
    assert "2013-01-01..2014-12-31" in out
    card = _run("report", "model-card", SCREENER, "--evidence", str(evidence_file)).stdout
    assert "## Evaluation" in card and "Group fairness" in card
    bom = json.loads(_run("report", "model-card", SCREENER, "-f", "cyclonedx").stdout)
    assert bom["bomFormat"] == "CycloneDX"
    filing = _run("report", "cn-filing", str(PROFILES / "news-recommender.yaml")).stdout
    assert "个性化推送类" in filing


def test_bad_input_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("{}")
    result = runner.invoke(app, ["report", "bias-audit", str(bad)])
    assert result.exit_code == 2
    result = runner.invoke(app, ["report", "bias-audit", str(bad), "--audit-date", "soon"])
    assert result.exit_code == 2


def test_dossier_of_a_registered_system_records_its_hash(tmp_path: Path) -> None:
    # Given a registered system on a local database
    db = f"sqlite:///{tmp_path / 'f.db'}"
    _run("--db", db, "system", "register", SCREENER)
    # When its dossier is issued
    target = tmp_path / "dossier.html"
    _run("--db", db, "report", "dossier", "eu-recruitment-screener", "-o", str(target))
    page = Tables(target.read_text())
    assert dict(page.tables["identity"])["Version"] == "1 (1.4)"
    assert dict(page.tables["chain"])["Hash chain"] == "verifies from the genesis event"
    # Then the audit log holds its SHA-256
    log = _run("--db", db, "audit", "export").stdout.splitlines()
    issued = [json.loads(line) for line in log if '"report.issued"' in line]
    assert issued[-1]["payload"]["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
    assert issued[-1]["subject"] == "system:eu-recruitment-screener"
    # and the log still verifies with the new event
    assert "audit log intact" in _run("--db", db, "audit", "verify").stdout


def test_every_report_of_a_registered_system_is_audited(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'f.db'}"
    _run("--db", db, "system", "register", SCREENER)
    outputs = {
        "oscal:component-definition": ["export", "oscal", "component-definition", "--system"],
        "soa:iso-iec-42001": ["report", "soa", "-f", "csv", "--system"],
        "cn-filing": ["report", "cn-filing"],
    }
    for report, args in outputs.items():
        target = tmp_path / report.replace(":", "-")
        _run("--db", db, *args, "eu-recruitment-screener", "-o", str(target))
        log = _run("--db", db, "audit", "export").stdout.splitlines()
        (event,) = [e for e in map(json.loads, log) if e["payload"].get("report") == report]
        assert event["payload"]["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
