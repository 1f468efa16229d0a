"""fulcrum system impact: a change of law over the registry, recorded as events."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from fulcrum.cli.main import app

runner = CliRunner()

PROFILES = {
    "screener": "id: screener\nname: S\nowner: root\njurisdictions: [DE]\nrole: provider\n"
    "purposes: [recruitment_selection]\n",
    "nudifier": "id: nudifier\nname: N\nowner: root\njurisdictions: [FR]\n"
    "purposes: [non_consensual_intimate_imagery]\n",
    "filter": "id: filter\nname: F\nowner: root\njurisdictions: [IT]\npurposes: [spam_filtering]\n",
}


def test_impact_of_the_omnibus_on_the_registry(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'i.db'}"
    for name, body in PROFILES.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(body)
        result = runner.invoke(app, ["--db", url, "system", "register", str(path)])
        assert result.exit_code == 0, result.output
    # When the law of 1 July 2026 is compared with the law of 2 December 2026
    args = ["--db", url, "system", "impact", "--since", "2026-07-01", "--as-of", "2026-12-02"]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    rows = {s["system"]: s for s in report["systems"]}
    # Then the nudifier's tier rises to prohibited and the screener's deadlines move
    assert rows["nudifier"]["tier"] == {"before": "minimal", "after": "prohibited"}
    assert rows["nudifier"]["tier_rose"] is True
    moved = {m["id"]: m for m in rows["screener"]["deadlines_moved"]}
    assert moved["eu-ai-act:art-9-risk-management"]["after"] == "2027-12-02"
    assert report["summary"]["tier_rose"] == 1
    # And each affected system got one event; the unaffected filter none
    engine = create_engine(url)
    with engine.connect() as conn:
        subjects = (
            conn.execute(text("SELECT subject FROM audit_events WHERE type = 'system.impact'"))
            .scalars()
            .all()
        )
    assert sorted(subjects) == ["system:nudifier", "system:screener"]
    # A dry run records nothing more, and the log still verifies
    assert runner.invoke(app, [*args, "--dry-run"]).exit_code == 0
    with engine.connect() as conn:
        count = conn.execute(
            text("SELECT count(*) FROM audit_events WHERE type = 'system.impact'")
        ).scalar()
    assert count == 2
    assert runner.invoke(app, ["--db", url, "audit", "verify"]).exit_code == 0
    # A bad date is one clear error
    result = runner.invoke(app, ["--db", url, "system", "impact", "--as-of", "2027-13-01"])
    assert result.exit_code == 2 and "--as-of" in result.output
