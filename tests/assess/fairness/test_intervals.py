"""Intervals and tests against published values and SciPy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import chi2_contingency, fisher_exact

from fulcrum.assess.fairness import gap_interval, homogeneity_test, newcombe, wilson


@pytest.mark.parametrize(
    ("k", "n", "lo", "hi"),
    [
        (81, 263, 0.2553, 0.3662),  # Newcombe (1998a), Table II, method 3
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_published_values(k: int, n: int, lo: float, hi: float) -> None:
    got = wilson(np.array(k), np.array(n), 0.95)
    assert float(got[0]) == pytest.approx(lo, abs=5e-5)
    assert float(got[1]) == pytest.approx(hi, abs=5e-5)


@pytest.mark.parametrize(
    ("a", "b", "lo", "hi"),
    [
        ((56, 70), (48, 80), 0.0524, 0.3339),  # Newcombe (1998b), Table II, method 10
        ((9, 10), (3, 10), 0.1705, 0.8090),
        ((6, 7), (2, 7), 0.0582, 0.8062),
        ((5, 56), (0, 29), -0.0381, 0.1926),
        ((0, 10), (0, 20), -0.1611, 0.2775),
        ((10, 10), (0, 20), 0.6791, 1.0),
    ],
)
def test_newcombe_matches_published_values(a, b, lo, hi) -> None:
    got = newcombe(a[0], a[1], b[0], b[1], 0.95)
    assert got is not None
    assert got[0] == pytest.approx(lo, abs=5e-5)
    assert got[1] == pytest.approx(hi, abs=5e-5)


@given(st.integers(0, 200), st.integers(1, 200))
def test_wilson_contains_the_estimate(k: int, n: int) -> None:
    k = min(k, n)
    lo, hi = wilson(np.array(k), np.array(n), 0.9)
    assert 0.0 <= float(lo) <= k / n <= float(hi) <= 1.0


def test_chi_square_matches_scipy() -> None:
    k, n = np.array([30, 45, 60]), np.array([100, 120, 130])
    ours = homogeneity_test(k, n)
    table = np.vstack([k, n - k])
    stat, p_value, _, _ = chi2_contingency(table, correction=False)
    assert ours["test"] == "chi2"
    assert ours["statistic"] == pytest.approx(stat, rel=1e-12)
    assert ours["p_value"] == pytest.approx(p_value, rel=1e-9)


def test_small_cells_use_exact_tests() -> None:
    ours = homogeneity_test(np.array([1, 6]), np.array([8, 8]))
    assert ours["test"] == "fisher_exact"
    assert ours["p_value"] == pytest.approx(fisher_exact([[1, 7], [6, 2]]).pvalue, rel=1e-12)
    three = homogeneity_test(np.array([0, 2, 5]), np.array([6, 6, 6]), seed=1)
    assert three["test"] == "permutation"
    assert 0.0 < three["p_value"] < 0.05


def test_gap_interval_is_zero_based_when_pairs_overlap() -> None:
    lo, hi = gap_interval(np.array([50, 52, 49]), np.array([100, 100, 100]), 0.95)
    assert lo == 0.0 and 0.03 < hi < 0.3
    lo, hi = gap_interval(np.array([10, 90]), np.array([100, 100]), 0.95)
    assert 0.6 < lo < 0.8 < hi < 0.9


@pytest.mark.parametrize("df", [1, 2, 3, 4, 5, 9, 10, 30, 99])
@pytest.mark.parametrize("x", [0.01, 0.5, 3.0, 12.0, 40.0, 150.0])
def test_closed_form_chi2_survival_matches_scipy(df: int, x: float) -> None:
    from scipy.stats import chi2

    from fulcrum.assess.fairness._intervals import _chi2_sf

    assert _chi2_sf(x, df) == pytest.approx(chi2.sf(x, df), rel=1e-9, abs=1e-300)


def test_ratio_to_reference_has_an_interval_so_5_vs_5_is_inconclusive() -> None:
    from fulcrum.assess.fairness import assess_fairness

    # Given 5 rows per group: selection 1/5 against 4/5 (a ratio of 0.25 on tiny groups)
    data = {"g": ["a"] * 5 + ["b"] * 5, "y": [1, 0] * 5, "p": [1, 0, 0, 0, 0, 1, 1, 1, 1, 0]}
    result = assess_fairness(
        data,
        label="y",
        pred="p",
        sensitive="g",
        reference="b",
        min_group_size=1,
        thresholds=["selection_rate_ratio_to_reference>=0.8", "selection_rate_ratio>=0.8"],
    )
    # Then both ratio checks carry an interval and agree: the data cannot say
    for check in result.evidence.checks:
        assert check.interval is not None
        assert check.verdict == "inconclusive", check


def test_checks_without_an_interval_are_inconclusive() -> None:
    from fulcrum.assess.fairness import assess_fairness

    from ._data import random_frame

    data = random_frame(4_000, 11)
    result = assess_fairness(
        data,
        label="y",
        pred="pred",
        sensitive="race",
        score="score",
        thresholds=["f1_difference<=0.5", "ece<=0.5", "auc>=0.5"],
        mitigation=False,
    )
    by_metric = {}
    for check in result.evidence.checks:
        by_metric.setdefault(check.metric, []).append(check)
    assert all(c.verdict == "inconclusive" for c in by_metric["f1_difference"])
    assert all("point estimate" in c.reason for c in by_metric["ece"])
    assert all(c.interval is not None and c.verdict == "pass" for c in by_metric["auc"])


def test_average_odds_interval_covers_its_value() -> None:
    from fulcrum.assess.fairness import assess_fairness, average_odds_difference

    from ._data import random_frame

    data = random_frame(3_000, 12)
    measure = assess_fairness(data, label="y", pred="pred", sensitive="race").measures[
        "average_odds_difference"
    ]
    expected = average_odds_difference(data["y"], data["pred"], sensitive_features=data["race"])
    assert measure.value == pytest.approx(expected)
    assert measure.interval[0] <= measure.value <= measure.interval[1]
