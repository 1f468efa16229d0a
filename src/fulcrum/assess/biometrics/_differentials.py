"""Demographic-differential figures of merit over per-group error rates.

All functions take per-group rates (and, where a zero rate must be handled,
per-group trial counts) as arrays and return plain floats; groups whose trial
count is zero are left out beforehand by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

#: How a zero error rate is treated in ratios: replaced by half an error in that group.
ZERO_RATE_RULE = "a rate of 0 is replaced by 0.5 / n_trials of its group (half an error)"


def floored_rates(rates: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """Rates with zeros replaced by ``0.5 / trials`` (so ratios stay finite and defined).

    Any non-zero rate is at least ``1 / trials``, so ``max(rate, 0.5 / trials)``
    changes only the zero rates.
    """
    rates = np.asarray(rates, dtype=np.float64)
    trials = np.asarray(trials, dtype=np.float64)
    return np.maximum(rates, 0.5 / trials)


def max_min_ratio(rates: np.ndarray, trials: np.ndarray) -> float:
    """Largest over smallest group rate, zeros floored by :func:`floored_rates`.

    NaN with fewer than two groups; 1.0 when every group has zero errors and the
    same number of trials.
    """
    if len(rates) < 2:
        return float("nan")
    floored = floored_rates(rates, trials)
    return float(floored.max() / floored.min())


def ratio_to_overall(
    rates: np.ndarray, trials: np.ndarray, overall: float, n_overall: int
) -> float:
    """Largest group rate over the overall rate (zeros floored the same way on both sides)."""
    if len(rates) == 0 or n_overall == 0:
        return float("nan")
    floored = floored_rates(rates, trials)
    denominator = max(overall, 0.5 / n_overall)
    return float(floored.max() / denominator)


def fairness_discrepancy_rate(
    fmr: np.ndarray, fnmr: np.ndarray, *, alpha: float = 0.5
) -> tuple[float, float, float]:
    """Fairness Discrepancy Rate, with its two terms ``A`` and ``B``.

    de Freitas Pereira & Marcel (2021), "Fairness in Biometrics: a figure of merit
    to assess biometric verification systems", IEEE T-BIOM 4(1):
    ``FDR(tau) = 1 - (alpha * A(tau) + (1 - alpha) * B(tau))`` with
    ``A = max_{i,j} |FMR_i - FMR_j|`` and ``B = max_{i,j} |FNMR_i - FNMR_j|``
    over the demographic groups at one decision threshold ``tau``. 1 is fair.
    Zero rates need no special treatment (differences are defined).
    """
    a = float(np.ptp(fmr)) if len(fmr) else float("nan")
    b = float(np.ptp(fnmr)) if len(fnmr) else float("nan")
    return 1.0 - (alpha * a + (1.0 - alpha) * b), a, b


def inequity_rate(
    fmr: np.ndarray,
    fmr_trials: np.ndarray,
    fnmr: np.ndarray,
    fnmr_trials: np.ndarray,
    *,
    alpha: float = 0.5,
    beta: float = 0.5,
) -> float:
    """Inequity Rate, as characterised by Howard et al. (2022).

    Howard, Laird, Sirotin, Rubin, Tipton & Vemury, "Evaluating Proposed Fairness
    Models for Face Recognition Algorithms" (arXiv:2203.05051), after the
    ISO/IEC 19795-10 draft: ``IR(tau) = (max_i FMR_i / min_i FMR_i) ** alpha *
    (max_i FNMR_i / min_i FNMR_i) ** beta``; 1 is fair. The paper notes that IR
    is undefined when a group's rate is 0; here :data:`ZERO_RATE_RULE` applies.
    """
    a = max_min_ratio(fmr, fmr_trials)
    b = max_min_ratio(fnmr, fnmr_trials)
    return float(a**alpha * b**beta)


def gini(values: np.ndarray) -> float:
    """Sample-corrected Gini coefficient ``n/(n-1) * sum|x_i - x_j| / (2 n^2 mean)``.

    0 when every value is equal, including all zeros (no inequality).
    """
    x = np.asarray(values, dtype=np.float64)
    n = len(x)
    if n < 2:
        return float("nan")
    mean = x.mean()
    if mean == 0:
        return 0.0
    total = np.abs(x[:, None] - x[None, :]).sum()
    return float(n / (n - 1) * total / (2 * n * n * mean))


def garbe(fmr: np.ndarray, fnmr: np.ndarray, *, alpha: float = 0.5) -> tuple[float, float, float]:
    """Gini Aggregation Rate for Biometric Equitability, with its two Gini terms.

    Howard et al. (2022), arXiv:2203.05051: ``GARBE(tau) = alpha * G_FMR +
    (1 - alpha) * G_FNMR`` where ``G_x = n/(n-1) * sum_i sum_j |x_i - x_j| /
    (2 n^2 mean(x))`` over the ``n`` groups; 0 is fair. A group with zero FMR is
    an ordinary value; all-zero rates give ``G = 0``.
    """
    g_fmr, g_fnmr = gini(fmr), gini(fnmr)
    return alpha * g_fmr + (1.0 - alpha) * g_fnmr, g_fmr, g_fnmr


@dataclass(frozen=True)
class DifferentialParams:
    """Weights of the composite figures: ``alpha`` weighs FMR, ``beta`` FNMR in IR."""

    alpha: float = 0.5
    beta: float = 0.5


def differentials(
    fmr: np.ndarray,
    fmr_trials: np.ndarray,
    fnmr: np.ndarray,
    fnmr_trials: np.ndarray,
    *,
    overall_fmr: float,
    n_nonmated: int,
    overall_fnmr: float,
    n_mated: int,
    params: DifferentialParams | None = None,
) -> dict[str, Any]:
    """Every differential figure at one threshold, for groups with trials of each kind."""
    params = params or DifferentialParams()
    fm_ok = np.asarray(fmr_trials) > 0
    fn_ok = np.asarray(fnmr_trials) > 0
    fmr, fmr_trials = np.asarray(fmr)[fm_ok], np.asarray(fmr_trials)[fm_ok]
    fnmr, fnmr_trials = np.asarray(fnmr)[fn_ok], np.asarray(fnmr_trials)[fn_ok]
    fdr, a, b = fairness_discrepancy_rate(fmr, fnmr, alpha=params.alpha)
    g, g_fmr, g_fnmr = garbe(fmr, fnmr, alpha=params.alpha)
    return {
        "alpha": params.alpha,
        "beta": params.beta,
        "zero_rate_rule": ZERO_RATE_RULE,
        "groups_with_zero_fmr": int((fmr == 0).sum()),
        "groups_with_zero_fnmr": int((fnmr == 0).sum()),
        "fmr_max_min_ratio": max_min_ratio(fmr, fmr_trials),
        "fnmr_max_min_ratio": max_min_ratio(fnmr, fnmr_trials),
        "max_group_fmr_ratio_to_overall": ratio_to_overall(
            fmr, fmr_trials, overall_fmr, n_nonmated
        ),
        "max_group_fnmr_ratio_to_overall": ratio_to_overall(
            fnmr, fnmr_trials, overall_fnmr, n_mated
        ),
        "fmr_max_difference": a,
        "fnmr_max_difference": b,
        "fdr": fdr,
        "inequity_rate": inequity_rate(
            fmr, fmr_trials, fnmr, fnmr_trials, alpha=params.alpha, beta=params.beta
        ),
        "garbe": g,
        "garbe_fmr_gini": g_fmr,
        "garbe_fnmr_gini": g_fnmr,
    }
