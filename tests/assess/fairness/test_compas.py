"""ProPublica's COMPAS analysis, reproduced from the data (all rows and the screened rows)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from fulcrum.assess.fairness import assess_fairness

CSV = Path(__file__).parents[2] / "data" / "compas" / "compas-scores-two-years.csv"
#: Published in ProPublica's notebook (7,214 rows): FPR and FNR by race, in percent.
PUBLISHED = {
    "African-American": {"fpr": 44.85, "fnr": 27.99},
    "Caucasian": {"fpr": 23.45, "fnr": 47.72},
}


@pytest.fixture(scope="module")
def compas() -> pd.DataFrame:
    data = pd.read_csv(CSV)
    return data.assign(high=(data["score_text"] != "Low").astype(int))


def _screened(data: pd.DataFrame) -> pd.DataFrame:
    keep = (
        data["days_b_screening_arrest"].between(-30, 30)
        & (data["is_recid"] != -1)
        & (data["c_charge_degree"] != "O")
        & (data["score_text"] != "N/A")
    )
    return data[keep]


def _by_race(result) -> dict[str, dict]:
    return {row["group"]["race"]: row for row in result.to_dict()["groups"]}


def test_published_table_on_all_7214_rows(compas: pd.DataFrame) -> None:
    assert len(compas) == 7_214
    rows = _by_race(assess_fairness(compas, label="two_year_recid", pred="high", sensitive="race"))
    for race, published in PUBLISHED.items():
        for name, percent in published.items():
            assert round(100 * rows[race][name], 2) == percent, (race, name)
    assert sum(row["n"] for row in rows.values()) == 7_214


def _pandas_oracle(data: pd.DataFrame) -> dict[str, dict[str, float]]:
    out = {}
    for race, part in data.groupby("race"):
        y, p = part["two_year_recid"], part["high"]
        out[race] = {
            "n": len(part),
            "fpr": ((p == 1) & (y == 0)).sum() / (y == 0).sum(),
            "fnr": ((p == 0) & (y == 1)).sum() / (y == 1).sum(),
            "ppv": ((p == 1) & (y == 1)).sum() / (p == 1).sum(),
            "selection_rate": p.mean(),
        }
    return out


def test_screened_6172_rows_match_pandas(compas: pd.DataFrame, tmp_path) -> None:
    screened = _screened(compas)
    assert len(screened) == 6_172
    path = tmp_path / "screened.csv"
    screened.to_csv(path, index=False)
    oracle = _pandas_oracle(screened)
    for source, engine in [(screened, "numpy"), (path, "duckdb")]:
        rows = _by_race(
            assess_fairness(
                source, label="two_year_recid", pred="high", sensitive="race", engine=engine
            )
        )
        assert set(rows) == set(oracle)
        for race, expected in oracle.items():
            for name, value in expected.items():
                assert rows[race][name] == pytest.approx(value, abs=1e-12), (race, name)


def test_compas_disparity_verdict_fails_clearly(compas: pd.DataFrame) -> None:
    black_white = compas[compas["race"].isin(["African-American", "Caucasian"])]
    result = assess_fairness(
        black_white,
        label="two_year_recid",
        pred="high",
        sensitive="race",
        reference="Caucasian",
        thresholds=["fpr_difference<=0.1", "equalized_odds_difference<=0.1"],
    )
    assert [c.verdict for c in result.checks] == ["fail", "fail"]
    fpr = result.to_dict()["disparities"]["fpr"]
    assert fpr["difference"]["p_value"] < 1e-10
    assert fpr["difference"]["ci"][0] > 0.17
