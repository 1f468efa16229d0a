"""NYC Local Law 144 bias audit, checked against a pandas group-by of the same COMPAS rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest

from fulcrum.errors import InputError
from fulcrum.evidence import Evidence
from fulcrum.reports import build_bias_audit, render_bias_audit
from tests.reports.conftest import Tables


def test_margins_match_a_direct_group_by(compas_evidence: Evidence, compas_frame: Any) -> None:
    audit = build_bias_audit(compas_evidence)
    expected = compas_frame.groupby("race")["high_risk"].agg(["count", "sum"])
    rows = {r.category: r for r in audit.by_race}
    for race, (n, selected) in expected.iterrows():
        assert (rows[race].n, rows[race].selected) == (n, selected)
    best = max(s / n for race, (n, s) in expected.iterrows() if n / len(compas_frame) >= 0.02)
    assert rows["Caucasian"].impact_ratio == pytest.approx((854 / 2454) / best)
    assert rows["African-American"].impact_ratio == pytest.approx(1.0)
    assert audit.total == 7214


def test_small_categories_shown_but_excluded(compas_evidence: Evidence) -> None:
    audit = build_bias_audit(compas_evidence)
    rows = {r.category: r for r in audit.by_race}
    # Asian (32 of 7,214 rows) and Native American (18) are under 2% of the data
    assert rows["Asian"].excluded and rows["Asian"].impact_ratio is None
    assert rows["Native American"].excluded and rows["Native American"].rate == pytest.approx(
        12 / 18
    )
    assert not rows["Other"].excluded
    inter = {r.category: r for r in audit.by_intersection}
    assert inter["Female × African-American"].n == 652
    assert inter["Female × Hispanic"].excluded  # 103 rows: 1.4%


def test_unknown_categories_are_counted_and_excluded() -> None:
    groups = [
        {"group": {"sex": "F", "race": "A"}, "n": 400, "selection_rate": 0.5},
        {"group": {"sex": "M", "race": "A"}, "n": 500, "selection_rate": 0.4},
        {"group": {"sex": "Unknown", "race": "A"}, "n": 100, "selection_rate": 0.9},
    ]
    evidence = Evidence(
        id="urn:fulcrum:evidence:x", kind="fairness", title="t", metrics={"groups": groups},
        verdict="not_evaluated", created_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
    )  # fmt: skip
    audit = build_bias_audit(evidence, data_from=dt.date(2025, 1, 1), data_to=dt.date(2025, 12, 31))
    rows = {r.category: r for r in audit.by_sex}
    assert audit.unknown == {"sex": 100, "race": 0, "intersection": 100}
    assert rows["Unknown"].unknown and rows["Unknown"].impact_ratio is None
    assert rows["M"].impact_ratio == pytest.approx(0.4 / 0.5)  # not against the unknowns' 0.9
    assert audit.audit_date == dt.date(2026, 1, 2)
    page = Tables(render_bias_audit(audit).decode())
    facts = dict(page.tables["facts"])
    assert facts["Data date range"] == "2025-01-01 – 2025-12-31"
    assert facts["Applicants of unknown category"] == "sex: 100 · race: 0"


def test_csv_reads_back(compas_evidence: Evidence) -> None:
    text = render_bias_audit(build_bias_audit(compas_evidence), format="csv").decode("utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].startswith("#")]
    header, body = rows[0], rows[1:]
    assert header[:6] == ["table", "category", "n", "selected", "selection_rate", "impact_ratio"]
    sex = {r[1]: r for r in body if r[0] == "sex"}
    assert sex["Female"][2:4] == ["1395", "591"]
    assert float(sex["Male"][5]) == pytest.approx(1.0)
    assert {r[0] for r in body} == {"sex", "race", "intersection"}


def test_needs_both_columns(compas_evidence: Evidence) -> None:
    with pytest.raises(InputError, match="ethnicity"):
        build_bias_audit(compas_evidence, race="ethnicity")


def test_scoring_rate_audit_labels(compas_frame: Any) -> None:
    from fulcrum.assess.fairness import assess_fairness

    # Given scores binarised at the sample median, as the rule defines the scoring rate
    frame = compas_frame.assign(
        above=(compas_frame["score_text"].map({"Low": 1, "Medium": 2, "High": 3}) > 1).astype(int)
    )
    evidence = assess_fairness(
        frame, label="two_year_recid", pred="above", sensitive=["sex", "race"], mitigation=False
    ).evidence
    audit = build_bias_audit(evidence, rate="scoring")
    page = Tables(render_bias_audit(audit).decode())
    assert page.tables["by-sex"][0][2:4] == ["Number scoring above the median", "Scoring rate"]
    text = render_bias_audit(audit, format="csv").decode("utf-8-sig")
    assert "scoring_rate" in text
