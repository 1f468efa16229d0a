"""Disparities between groups: differences, ratios, their intervals and tests.

Every rate gets a max-min difference and a min/max ratio with simultaneous
intervals (see ``_intervals``) and a homogeneity test; with a reference group,
each group's difference and ratio to it. The named criteria are compositions:
demographic parity is the selection-rate gap, equal opportunity the TPR gap,
equalized odds the larger of the TPR and FPR gaps, predictive parity the PPV
gap, accuracy parity the accuracy gap, and the four-fifths rule asks that every
group's selection rate be at least 0.8 of the highest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from fulcrum.assess.fairness._frame import GroupMetrics
from fulcrum.assess.fairness._intervals import (
    gap_interval,
    homogeneity_test,
    newcombe,
    pair_ratio_interval,
    ratio_interval,
)
from fulcrum.assess.fairness._rates import RATES, undefined_reason

#: Named criteria -> the rate they compare.
CRITERIA = {
    "demographic_parity": "selection_rate",
    "equal_opportunity": "tpr",
    "predictive_parity": "ppv",
    "accuracy_parity": "accuracy",
}
FOUR_FIFTHS = 0.8


@dataclass(frozen=True)
class Measure:
    """A disparity value with its interval, test and (when undefined) the reason."""

    value: float | None
    interval: tuple[float, float] | None = None
    p_value: float | None = None
    test: str | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out: dict[str, Any] = {
            "value": self.value,
            "ci": list(self.interval) if self.interval is not None else None,
        }
        if self.test is not None:
            out["test"], out["p_value"] = self.test, self.p_value
        if self.reason is not None:
            out["reason"] = self.reason
        return out


def _clean(value: float) -> float | None:
    return None if value is None or np.isnan(value) else float(value)


def _rate_measures(frame: GroupMetrics, name: str, seed: int | None) -> dict[str, Measure]:
    k, n = frame.fraction(name)
    test = homogeneity_test(k, n, seed=seed)
    p_value, test_name = test["p_value"], test["test"]
    defined = int((n > 0).sum())
    reason = None if defined >= 2 else f"fewer than two groups with {name} defined"
    difference = _clean(frame.difference(name)) if defined >= 2 else None
    ratio = _clean(frame.ratio(name)) if defined >= 2 else None
    out = {
        f"{name}_difference": Measure(
            difference,
            gap_interval(k, n, frame.ci),
            p_value,  # type: ignore[arg-type]
            test_name,  # type: ignore[arg-type]
            reason,
        ),
        f"{name}_ratio": Measure(
            ratio,
            ratio_interval(k, n, frame.ci),
            p_value,  # type: ignore[arg-type]
            test_name,  # type: ignore[arg-type]
            reason or (None if ratio is not None else f"the largest {name} is 0"),
        ),
    }
    ref = frame.reference_index
    if ref is not None:
        out.update(_reference_measures(frame, name, k, n, ref))
    return out


def _reference_measures(
    frame: GroupMetrics, name: str, k: np.ndarray, n: np.ndarray, ref: int
) -> dict[str, Measure]:
    others = [g for g in range(len(n)) if g != ref and n[g] > 0]
    if n[ref] == 0 or not others:
        why = f"{name} is undefined for the reference group or no other group"
        return {
            f"{name}_difference_to_reference": Measure(None, reason=why),
            f"{name}_ratio_to_reference": Measure(None, reason=why),
        }
    level = 1.0 - (1.0 - frame.ci) / len(others)
    diffs, lows, highs = [], [0.0], [0.0]
    ratio_lows, ratio_highs = [], []
    for g in others:
        lo, hi = newcombe(k[g], n[g], k[ref], n[ref], level) or (np.nan, np.nan)
        diffs.append(abs(k[g] / n[g] - k[ref] / n[ref]))
        lows.append(0.0 if lo <= 0.0 <= hi else min(abs(lo), abs(hi)))
        highs.append(max(abs(lo), abs(hi)))
        folded = _folded_ratio(pair_ratio_interval(k[g], n[g], k[ref], n[ref], level))
        ratio_lows.append(folded[0])
        ratio_highs.append(folded[1])
    ratio = _clean(frame.ratio(name, "to_reference"))
    ratio_ci = (min(ratio_lows), min(ratio_highs))
    return {
        f"{name}_difference_to_reference": Measure(
            float(max(diffs)), (max(lows), min(max(highs), 1.0))
        ),
        f"{name}_ratio_to_reference": Measure(
            ratio,
            ratio_ci,
            reason=None if ratio is not None else f"{name} is 0 in the reference group",
        ),
    }


def _folded_ratio(interval: tuple[float, float] | None) -> tuple[float, float]:
    """Interval of ``min(r, 1/r)`` from an interval of a ratio ``r`` (the symmetric ratio)."""
    if interval is None:
        return 0.0, 1.0
    lo, hi = interval
    if not np.isfinite(hi) and lo <= 1.0:
        return 0.0, 1.0
    if lo <= 1.0 <= hi:
        return min(lo, 1.0 / hi if hi > 0 else 0.0), 1.0
    if hi < 1.0:
        return lo, hi
    return 1.0 / hi, 1.0 / lo


def disparity_measures(frame: GroupMetrics, *, seed: int | None = 0) -> dict[str, Measure]:
    """Every disparity by its threshold name (``fpr_difference``, ``equalized_odds_ratio``...)."""
    measures: dict[str, Measure] = {}
    for name in RATES:
        measures.update(_rate_measures(frame, name, seed))
    f1 = frame.values("f1")
    f1_defined = int((~np.isnan(f1)).sum()) >= 2
    why = None if f1_defined else "fewer than two groups with f1 defined"
    measures["f1_difference"] = Measure(
        _clean(frame.difference("f1")) if f1_defined else None, reason=why
    )
    measures["f1_ratio"] = Measure(_clean(frame.ratio("f1")) if f1_defined else None, reason=why)
    for criterion, rate_name in CRITERIA.items():
        for kind in ("difference", "ratio"):
            measures[f"{criterion}_{kind}"] = measures[f"{rate_name}_{kind}"]
    measures.update(_equalized_odds(frame, seed))
    measures["average_odds_difference"] = average_odds(frame)
    measures["disparate_impact_ratio"] = measures["selection_rate_ratio"]
    return measures


def average_odds(frame: GroupMetrics) -> Measure:
    """Largest ``|((FPR_i - FPR_j) + (TPR_i - TPR_j)) / 2|`` over pairs (to the reference if set).

    AIF360's average odds difference. Its interval averages simultaneous Newcombe
    intervals of the TPR and FPR differences (Bonferroni over both rates and all pairs).
    """
    kt, nt = frame.fraction("tpr")
    kf, nf = frame.fraction("fpr")
    ok = [g for g in range(len(nt)) if nt[g] > 0 and nf[g] > 0]
    ref = frame.reference_index
    if ref is not None:
        pairs = [(g, ref) for g in ok if g != ref] if ref in ok else []
    else:
        pairs = [(i, j) for a, i in enumerate(ok) for j in ok[a + 1 :]]
    if not pairs:
        return Measure(None, reason="tpr and fpr are defined in fewer than two groups")
    level = 1.0 - (1.0 - frame.ci) / (2 * len(pairs))
    values, lows, highs = [], [], []
    for i, j in pairs:
        dt = newcombe(kt[i], nt[i], kt[j], nt[j], level)
        df = newcombe(kf[i], nf[i], kf[j], nf[j], level)
        assert dt is not None and df is not None
        value = 0.5 * ((kt[i] / nt[i] - kt[j] / nt[j]) + (kf[i] / nf[i] - kf[j] / nf[j]))
        lo, hi = 0.5 * (dt[0] + df[0]), 0.5 * (dt[1] + df[1])
        values.append(abs(value))
        lows.append(0.0 if lo <= 0.0 <= hi else min(abs(lo), abs(hi)))
        highs.append(max(abs(lo), abs(hi)))
    return Measure(float(max(values)), (float(max(lows)), float(max(highs))))


def _equalized_odds(frame: GroupMetrics, seed: int | None) -> dict[str, Measure]:
    """Larger of the TPR and FPR gaps (smaller ratio), intervals joint over both."""
    half = 1.0 - (1.0 - frame.ci) / 2.0
    parts = []
    for name in ("tpr", "fpr"):
        k, n = frame.fraction(name)
        parts.append(
            (
                frame.difference(name),
                frame.ratio(name),
                gap_interval(k, n, half),
                ratio_interval(k, n, half),
                homogeneity_test(k, n, seed=seed)["p_value"],
            )
        )
    (d1, r1, gi1, ri1, p1), (d2, r2, gi2, ri2, p2) = parts
    p_values = [float(p) for p in (p1, p2) if p is not None]
    p_value = min(1.0, 2.0 * min(p_values)) if p_values else None
    if gi1 is None or gi2 is None or np.isnan(d1) or np.isnan(d2):
        why = "tpr or fpr is defined in fewer than two groups"
        return {
            "equalized_odds_difference": Measure(None, reason=why),
            "equalized_odds_ratio": Measure(None, reason=why),
        }
    gap = (max(gi1[0], gi2[0]), max(gi1[1], gi2[1]))
    ratio_ci = None
    if ri1 is not None and ri2 is not None:
        ratio_ci = (min(ri1[0], ri2[0]), min(ri1[1], ri2[1]))
    ratio = _clean(min(r1, r2)) if not (np.isnan(r1) or np.isnan(r2)) else None
    test = "bonferroni(tpr, fpr)"
    return {
        "equalized_odds_difference": Measure(max(d1, d2), gap, p_value, test),
        "equalized_odds_ratio": Measure(ratio, ratio_ci, p_value, test),
    }


def disparities_dict(frame: GroupMetrics, measures: dict[str, Measure]) -> dict[str, Any]:
    """The ``disparities`` section of the JSON output."""
    out: dict[str, Any] = {}
    groups = frame.groups
    for name in (*RATES, "f1"):
        values = frame.values(name)
        entry: dict[str, Any] = {
            "difference": measures[f"{name}_difference"].to_dict(),
            "ratio": measures[f"{name}_ratio"].to_dict(),
        }
        if not np.isnan(values).all():
            entry["max_group"] = groups[int(np.nanargmax(values))]
            entry["min_group"] = groups[int(np.nanargmin(values))]
        else:
            entry["reason"] = undefined_reason(name)
        if f"{name}_difference_to_reference" in measures:
            entry["to_reference"] = _to_reference_rows(frame, name)
            entry["difference_to_reference"] = measures[f"{name}_difference_to_reference"].to_dict()
        out[name] = entry
    for criterion in (*CRITERIA, "equalized_odds"):
        out[criterion] = {
            "difference": measures[f"{criterion}_difference"].to_dict(),
            "ratio": measures[f"{criterion}_ratio"].to_dict(),
        }
    out["average_odds"] = {"difference": measures["average_odds_difference"].to_dict()}
    out["four_fifths"] = four_fifths(frame, measures["selection_rate_ratio"])
    return out


def _to_reference_rows(frame: GroupMetrics, name: str) -> list[dict[str, Any]]:
    ref = frame.reference_index
    assert ref is not None
    k, n = frame.fraction(name)
    level = 1.0 - (1.0 - frame.ci) / max(len(n) - 1, 1)
    rows = []
    for g, group in enumerate(frame.groups):
        if g == ref:
            continue
        diff = newcombe(k[g], n[g], k[ref], n[ref], level)
        ratio = pair_ratio_interval(k[g], n[g], k[ref], n[ref], level)
        value = frame.values(name)[g] - frame.values(name)[ref]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio_value = frame.values(name)[g] / frame.values(name)[ref]
        rows.append(
            {
                "group": group,
                "difference": _clean(value),
                "difference_ci": list(diff) if diff else None,
                "ratio": _clean(ratio_value) if np.isfinite(ratio_value) else None,
                "ratio_ci": list(ratio) if ratio and np.isfinite(ratio[1]) else None,
            }
        )
    return rows


def four_fifths(frame: GroupMetrics, ratio: Measure) -> dict[str, Any]:
    """The four-fifths (80%) rule on selection rates, relative to the most selected group."""
    rates = frame.values("selection_rate")
    top = float(np.nanmax(rates)) if not np.isnan(rates).all() else float("nan")
    below = []
    if top > 0:
        below = [frame.groups[g] for g in range(len(rates)) if rates[g] / top < FOUR_FIFTHS]
    return {
        "ratio": ratio.value,
        "ci": list(ratio.interval) if ratio.interval else None,
        "threshold": FOUR_FIFTHS,
        "holds": None if ratio.value is None else bool(ratio.value >= FOUR_FIFTHS),
        "groups_below": below,
    }
