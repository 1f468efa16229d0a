"""FDR, inequity rate and GARBE on hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fulcrum.assess.biometrics import fairness_discrepancy_rate, garbe, gini, inequity_rate
from fulcrum.assess.biometrics._differentials import max_min_ratio


def test_fdr_hand_case() -> None:
    # A = 0.03 - 0.01 = 0.02, B = 0.2 - 0.05 = 0.15; FDR = 1 - (0.5*0.02 + 0.5*0.15)
    fdr, a, b = fairness_discrepancy_rate(np.array([0.01, 0.03, 0.02]), np.array([0.05, 0.2, 0.1]))
    assert (a, b) == pytest.approx((0.02, 0.15))
    assert fdr == pytest.approx(0.915)
    assert fairness_discrepancy_rate(np.array([0.01, 0.03]), np.array([0.1, 0.1]), alpha=1.0)[
        0
    ] == pytest.approx(0.98)


def test_gini_hand_case() -> None:
    # x = (1, 3): sum|xi-xj| = 4, n = 2, mean 2: 2/1 * 4 / (2*4*2) = 0.5
    assert gini(np.array([1.0, 3.0])) == pytest.approx(0.5)
    assert gini(np.array([0.0, 0.0, 0.0])) == 0.0
    assert gini(np.array([0.0, 0.0, 1.0])) == pytest.approx(1.0)


def test_garbe_weights_the_two_ginis() -> None:
    g, g_fmr, g_fnmr = garbe(np.array([1.0, 3.0]), np.array([2.0, 2.0]), alpha=0.25)
    assert (g_fmr, g_fnmr) == (pytest.approx(0.5), 0.0)
    assert g == pytest.approx(0.125)


def test_inequity_rate_and_zero_floor() -> None:
    trials = np.array([100, 100])
    ir = inequity_rate(
        np.array([0.01, 0.04]), trials, np.array([0.1, 0.1]), trials, alpha=1, beta=1
    )
    assert ir == pytest.approx(4.0)
    # a zero FMR is floored at half an error: 0.5/100 = 0.005, so 0.04 / 0.005 = 8
    assert max_min_ratio(np.array([0.0, 0.04]), trials) == pytest.approx(8.0)
    assert max_min_ratio(np.array([0.0, 0.0]), trials) == 1.0


@given(st.lists(st.floats(0, 1), min_size=2, max_size=8))
def test_property_gini_bounds_and_scale_invariance(values: list[float]) -> None:
    x = np.array(values)
    g = gini(x)
    assert -1e-12 <= g <= 1 + 1e-12
    if x.mean() > 1e-6:
        assert gini(3 * x) == pytest.approx(g, abs=1e-9)
