"""Turn an evaluation into the JSON-ready report: groups, cross-group FMR, differentials, DET."""

from __future__ import annotations

from typing import Any

import numpy as np

from fulcrum.assess.biometrics._differentials import DifferentialParams, differentials
from fulcrum.assess.biometrics._evaluate import Evaluation, OperatingPoint
from fulcrum.assess.biometrics._exact import MATED, NONMATED, binned_rates
from fulcrum.assess.biometrics._summary import ScoreSummary

_DET_POINTS = 200


def _rate(errors: int, trials: int) -> float:
    return errors / trials if trials else float("nan")


def point_dict(point: OperatingPoint, summary: ScoreSummary) -> dict[str, Any]:
    """One operating point with counts, and generalised rates when flags were given."""
    out: dict[str, Any] = {
        "fmr_target": point.fmr_target,
        "threshold": point.threshold,
        "fmr": point.fmr,
        "fnmr": point.fnmr,
        "n_false_matches": point.false_matches,
        "n_nonmated": point.n_nonmated,
        "n_false_nonmatches": point.false_nonmatches,
        "n_mated": point.n_mated,
    }
    if summary.flags and summary.attempts is not None:
        rates = {
            name: flagged / np.maximum(summary.attempts, 1)
            for name, flagged in summary.flags.items()
        }
        fta = next((v for k, v in rates.items() if k == "fta"), None)
        fte = next((v for k, v in rates.items() if k == "fte"), None)
        fta = fta if fta is not None else np.zeros(2)
        fte = fte if fte is not None else np.zeros(2)
        # ISO/IEC 19795-1 generalised rates, failure rates taken per class of attempt.
        out["gfmr"] = float(point.fmr * (1 - fta[NONMATED]) * (1 - fte[NONMATED]))
        out["gfnmr"] = float(
            fte[MATED]
            + (1 - fte[MATED]) * fta[MATED]
            + (1 - fte[MATED]) * (1 - fta[MATED]) * point.fnmr
        )
    return out


def group_rows(point: OperatingPoint, summary: ScoreSummary) -> list[dict[str, Any]]:
    """Per-group FMR/FNMR over comparisons whose probe and reference are both in the group."""
    n = summary.n_groups
    rows = []
    for g in range(n):
        c = g * n + g
        n_nm, n_m = int(point.totals[NONMATED, c]), int(point.totals[MATED, c])
        fm = int(point.accepted[NONMATED, c])
        fnm = n_m - int(point.accepted[MATED, c])
        rows.append(
            {
                "group": summary.group_label(g),
                "n_mated": n_m,
                "n_nonmated": n_nm,
                "n_false_matches": fm,
                "n_false_nonmatches": fnm,
                "fmr": _rate(fm, n_nm),
                "fnmr": _rate(fnm, n_m),
            }
        )
    return rows


def cross_rows(point: OperatingPoint, summary: ScoreSummary) -> list[dict[str, Any]]:
    """FMR for every (probe group, reference group) with non-mated comparisons."""
    n = summary.n_groups
    rows = []
    for p in range(n):
        for r in range(n):
            c = p * n + r
            n_nm = int(point.totals[NONMATED, c])
            if not n_nm:
                continue
            fm = int(point.accepted[NONMATED, c])
            rows.append(
                {
                    "probe": summary.group_label(p),
                    "ref": summary.group_label(r),
                    "n_nonmated": n_nm,
                    "n_false_matches": fm,
                    "fmr": fm / n_nm,
                }
            )
    return rows


def differential_dict(
    point: OperatingPoint, groups: list[dict[str, Any]], params: DifferentialParams
) -> dict[str, Any]:
    """Every differential figure at this point's threshold."""
    if len(groups) < 2:
        return {"alpha": params.alpha, "beta": params.beta, "note": "fewer than two groups"}
    arr = {k: np.array([g[k] for g in groups], dtype=np.float64) for k in groups[0] if k != "group"}
    out = differentials(
        np.nan_to_num(arr["fmr"]),
        arr["n_nonmated"],
        np.nan_to_num(arr["fnmr"]),
        arr["n_mated"],
        overall_fmr=point.fmr,
        n_nonmated=point.n_nonmated,
        overall_fnmr=point.fnmr,
        n_mated=point.n_mated,
        params=params,
    )
    out["threshold"] = point.threshold
    out["fmr_target"] = point.fmr_target
    return out


def det_points(summary: ScoreSummary) -> list[dict[str, float]]:
    """The DET curve at bin resolution, thinned to at most ~200 points."""
    fmr, fnmr = binned_rates(summary.hist)
    keep = np.unique(np.linspace(0, len(fmr) - 1, min(len(fmr), _DET_POINTS)).astype(int))
    return [
        {"threshold": summary.edge(int(b)), "fmr": float(fmr[b]), "fnmr": float(fnmr[b])}
        for b in keep
    ]


def build_report(
    summary: ScoreSummary, evaluation: Evaluation, params: DifferentialParams
) -> dict[str, Any]:
    """The CLI/JSON report: the group figures at the first target's threshold."""
    first = evaluation.points[0]
    groups = group_rows(first, summary)
    report: dict[str, Any] = {
        "n_mated": first.n_mated,
        "n_nonmated": first.n_nonmated,
        "eer": evaluation.eer,
        "eer_threshold": evaluation.eer_threshold,
        "operating_points": [point_dict(p, summary) for p in evaluation.points],
        "group_threshold": first.threshold,
        "group_fmr_target": first.fmr_target,
        "groups": groups if summary.attributes else [],
        "cross_fmr": cross_rows(first, summary) if summary.attributes else [],
        "differentials": differential_dict(first, groups, params) if summary.attributes else {},
    }
    if summary.flags and summary.attempts is not None:
        report["failure_rates"] = {
            name: {
                "nonmated": int(v[NONMATED]) / max(int(summary.attempts[NONMATED]), 1),
                "mated": int(v[MATED]) / max(int(summary.attempts[MATED]), 1),
                "n_flagged": [int(v[MATED]), int(v[NONMATED])],
            }
            for name, v in summary.flags.items()
        }
    report["det"] = det_points(summary)
    return report
