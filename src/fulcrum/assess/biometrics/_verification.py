"""1:1 verification assessment: the public entry point and its result object."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fulcrum._hashing import sha256_bytes, sha256_file
from fulcrum.assess.biometrics._check import check_classes, check_targets
from fulcrum.assess.biometrics._differentials import DifferentialParams
from fulcrum.assess.biometrics._evaluate import Evaluation, evaluate
from fulcrum.assess.biometrics._operating import (
    at_thresholds,
    det_points,
    histogram_auc,
    needed_trials,
    too_few,
    wilson,
)
from fulcrum.assess.biometrics._profiles import VERIFICATION_METRICS, number
from fulcrum.assess.biometrics._report import build_report, differential_dict, group_rows
from fulcrum.assess.biometrics._summary import ScoreSummary
from fulcrum.assess.fairness._thresholds import parse_thresholds
from fulcrum.errors import InputError
from fulcrum.evidence import Check, Evidence, InputRef, Threshold, resolve_thresholds

DEFAULT_FMR_TARGETS = (1e-4, 1e-3, 1e-2, 1e-5, 1e-6)
_LIBRARIES = ("numpy", "pyarrow", "duckdb", "torch")


@dataclass(frozen=True)
class VerificationResult:
    """Verification figures (``report``), the checks and the evidence record.

    ``to_dict()`` is the JSON the CLI prints.
    """

    report: dict[str, Any]
    evidence: Evidence
    summary: ScoreSummary = field(repr=False)
    evaluation: Evaluation = field(repr=False)

    def __repr__(self) -> str:
        return (
            f"VerificationResult(verdict={self.evidence.verdict!r}, "
            f"n_mated={self.report.get('n_mated')}, n_nonmated={self.report.get('n_nonmated')}, "
            f"eer={self.report.get('eer')!r}, checks={len(self.evidence.checks)})"
        )

    def to_dict(self) -> dict[str, Any]:
        """The report plus verdict, checks and evidence id (JSON-ready)."""
        return {
            **self.report,
            "verdict": self.evidence.verdict,
            "checks": [c.model_dump(mode="json") for c in self.evidence.checks],
            "evidence_id": self.evidence.id,
        }

    def plot_det(self, ax: Any = None) -> Any:
        """DET curves per group on normal-deviate axes (matplotlib)."""
        from fulcrum.assess.biometrics._plot import plot_det

        return plot_det(self.summary, ax=ax)

    def plot_cross_fmr(self, ax: Any = None) -> Any:
        """Heat map of the cross-group FMR at the group threshold (matplotlib)."""
        from fulcrum.assess.biometrics._plot import plot_cross_fmr

        return plot_cross_fmr(self.report, ax=ax)


def input_ref(name: str, source: Any, summary: ScoreSummary) -> InputRef:
    """Content hash of a file, or of the counted histogram for in-memory data."""
    if isinstance(source, str | Path):
        path = Path(source)
        return InputRef(name=path.name, sha256=sha256_file(path), size_bytes=path.stat().st_size)
    return InputRef(name=f"{name} (counts)", sha256=sha256_bytes(summary.hist.tobytes()))


def finish_verification(
    summary: ScoreSummary,
    *,
    fmr_targets: Sequence[float],
    thresholds: Sequence[Threshold | str] = (),
    requirements: Sequence[str] = (),
    alpha: float = 0.5,
    beta: float = 0.5,
    eer: bool = True,
    bootstrap: int = 0,
    confidence_level: float = 0.95,
    random_state: int = 0,
    inputs: Sequence[InputRef] = (),
    parameters: dict[str, Any] | None = None,
    kind: str = "biometrics.verification",
    higher_is_better: bool = True,
    at_thresholds: Sequence[float] = (),
) -> VerificationResult:
    """Evaluate a counted experiment, check its thresholds and assemble the evidence."""
    targets = check_targets(fmr_targets)
    limits = resolve_thresholds(parse_thresholds(thresholds), requirements, assessment="biometrics")
    extra = [float(t.params["at_fmr"]) for t in limits if "at_fmr" in t.params]
    all_targets = tuple(dict.fromkeys([*targets, *check_targets(extra or targets)]))
    totals = summary.cell_totals()
    check_classes(int(totals[0].sum()), int(totals[1].sum()))
    sign = 1.0 if higher_is_better else -1.0
    evaluation = evaluate(summary, all_targets, eer=eer)
    shown = Evaluation(evaluation.points[: len(targets)], *_eer_fields(evaluation))
    params = DifferentialParams(alpha=alpha, beta=beta)
    report = build_report(summary, shown, params)
    intervals: dict[float, dict[str, Any]] = {}
    if bootstrap and summary.attributes:
        from fulcrum.assess.biometrics._bootstrap import bootstrap_groups

        for point in evaluation.points:
            intervals[point.fmr_target] = bootstrap_groups(
                summary,
                point,
                replicates=bootstrap,
                confidence=confidence_level,
                seed=random_state,
            )
        report["bootstrap"] = {
            "replicates": bootstrap,
            "confidence_level": confidence_level,
            "method": intervals[targets[0]]["method"],
            "groups": intervals[targets[0]]["groups"],
        }
    _extend_report(report, summary, evaluation, sign, at_thresholds)
    checks = _checks(limits, summary, evaluation, params, intervals, targets[0], confidence_level)
    rule = "score >= threshold" if higher_is_better else "score <= threshold (distances)"
    evidence = Evidence.build(
        kind=kind,
        title="Face-recognition verification performance and demographic differentials",
        metrics=_metrics(report),
        checks=checks,
        inputs=inputs,
        parameters={
            "fmr_targets": list(targets),
            "alpha": alpha,
            "beta": beta,
            "bootstrap": bootstrap,
            "confidence_level": confidence_level,
            "random_state": random_state,
            "accept_rule": rule,
            "higher_is_better": higher_is_better,
            **(parameters or {}),
        },
        requirements=requirements,
        libraries=_LIBRARIES,
    )
    return VerificationResult(report, evidence, summary, evaluation)


def _extend_report(
    report: dict[str, Any],
    summary: ScoreSummary,
    evaluation: Evaluation,
    sign: float,
    user_thresholds: Sequence[float],
) -> None:
    """AUC, user thresholds, the log DET, sample-size notes; thresholds in the user's units."""
    exact = summary.auc is not None
    report["auc"] = summary.auc if exact else histogram_auc(summary)
    report["auc_method"] = "exact (rank-based)" if exact else "score histogram (ties in a bin half)"
    report["accept_rule"] = "score >= threshold" if sign > 0 else "score <= threshold"
    if sign < 0:
        for point in report["operating_points"]:
            point["threshold"] = -point["threshold"]
        report["eer_threshold"] = -report["eer_threshold"]
        report["group_threshold"] = -report["group_threshold"]
        if "threshold" in report["differentials"]:
            report["differentials"]["threshold"] = -report["differentials"]["threshold"]
    report["det"] = det_points(summary, sign)
    report["at_thresholds"] = at_thresholds(summary, user_thresholds, sign)
    n_nm = evaluation.points[0].n_nonmated
    report["sample_size"] = [
        {
            "fmr_target": p.fmr_target,
            "nonmated_needed": needed_trials(p.fmr_target),
            "nonmated_available": n_nm,
            "measurable": n_nm >= needed_trials(p.fmr_target),
        }
        for p in evaluation.points[: len(report["operating_points"])]
    ]
    warnings_out = []
    auc = report["auc"]
    if auc == auc and auc < 0.5:
        warnings_out.append(
            f"AUC is {auc:.3f} < 0.5: mated comparisons score lower than non-mated ones; "
            + (
                "if the scores are distances, pass higher_is_better=False (--lower-is-better)"
                if sign > 0
                else "are these similarities rather than distances?"
            )
        )
    for line in warnings_out:
        warnings.warn(line, stacklevel=3)
    report["warnings"] = warnings_out


def _eer_fields(evaluation: Evaluation) -> tuple[float, float, bool]:
    return evaluation.eer, evaluation.eer_threshold, evaluation.eer_exact


def _metrics(report: dict[str, Any]) -> dict[str, Any]:
    keep = (
        "n_mated",
        "n_nonmated",
        "eer",
        "eer_threshold",
        "auc",
        "operating_points",
        "at_thresholds",
        "groups",
        "sample_size",
        "det",  # the curve (at most 200 points), so a reader can draw it from the record
        "cross_fmr",  # FMR of every probe group against every reference group
    )
    out = {k: report[k] for k in keep if k in report}
    out["differentials"] = {
        k: v for k, v in report["differentials"].items() if isinstance(v, int | float)
    }
    return out


#: value, interval, group, why the target cannot be measured, why a pass cannot be shown
Reading = tuple[float | None, tuple[float, float] | None, Any, str | None, str | None]


def _checks(
    limits: Sequence[Threshold],
    summary: ScoreSummary,
    evaluation: Evaluation,
    params: DifferentialParams,
    intervals: dict[float, dict[str, Any]],
    default_target: float,
    confidence_level: float,
) -> list[Check]:
    """One check per threshold (per group for group rates); small samples are inconclusive."""
    by_target = {p.fmr_target: p for p in evaluation.points}

    def read(t: Threshold) -> list[Reading]:
        target = float(t.params.get("at_fmr", default_target))
        point = by_target[target]
        fmr_note = too_few("fmr", target, point.n_nonmated)
        if t.metric == "eer":
            return [(number(evaluation.eer), None, None, None, None)]
        if t.metric == "fmr":
            return [(point.fmr, None, None, fmr_note, None)]
        if t.metric == "fnmr":
            ci = wilson(point.false_nonmatches, point.n_mated, confidence_level)
            return [(point.fnmr, ci, None, fmr_note, too_few("fnmr", t.value, point.n_mated))]
        if t.metric in ("gfmr", "gfnmr"):
            from fulcrum.assess.biometrics._report import point_dict

            value = number(point_dict(point, summary).get(t.metric))
            return [(value, None, None, fmr_note, None)]
        groups = group_rows(point, summary)
        if t.metric in ("group_fmr", "group_fnmr"):
            rate = t.metric.removeprefix("group_")
            trials = "n_nonmated" if rate == "fmr" else "n_mated"
            errors = "n_false_matches" if rate == "fmr" else "n_false_nonmatches"
            boot = intervals.get(point.fmr_target, {}).get("groups", [])
            out: list[Reading] = []
            for i, g in enumerate(groups):
                if g[trials] < int(t.params.get("min_trials", 1)):
                    continue
                ci = boot[i].get(f"{rate}_interval") if i < len(boot) else None
                bounds = tuple(ci) if ci else wilson(g[errors], g[trials], confidence_level)
                hard = too_few("fmr", target, g["n_nonmated"]) if rate == "fmr" else fmr_note
                soft = too_few(rate, t.value, g[trials])
                out.append((number(g[rate]), bounds, g["group"], hard, soft))  # type: ignore[arg-type]
            return out
        value = number(differential_dict(point, groups, params).get(t.metric))
        small = [
            too_few("fmr", target, g["n_nonmated"]) or too_few("fnmr", 1.0, g["n_mated"])
            for g in groups
        ]
        return [(value, None, None, fmr_note or next((n for n in small if n), None), None)]

    checks = []
    for threshold in limits:
        if threshold.metric not in VERIFICATION_METRICS:
            raise InputError(
                f"unknown biometrics metric {threshold.metric!r}; "
                f"known: {', '.join(sorted(VERIFICATION_METRICS))}"
            )
        for value, interval, group, hard, soft in read(threshold):
            check = threshold.check(value, interval=interval, group=group)
            note = hard if check.verdict != "inconclusive" else None
            note = note or (soft if check.verdict == "pass" else None)
            if note:
                check = check.model_copy(update={"verdict": "inconclusive", "reason": note})
            checks.append(check)
    return checks


def assess_verification(
    data: Any,
    *,
    score: str = "score",
    mated: str = "mated",
    groups: Sequence[str] = (),
    fmr_targets: Sequence[float] = DEFAULT_FMR_TARGETS,
    thresholds: Sequence[Threshold | str] = (),
    requirements: Sequence[str] = (),
    fta: str | None = None,
    fte: str | None = None,
    alpha: float = 0.5,
    beta: float = 0.5,
    bootstrap: int = 0,
    cluster: str | None = None,
    confidence_level: float = 0.95,
    random_state: int = 0,
    engine: str | None = None,
    n_bins: int = 1 << 14,
    higher_is_better: bool = True,
    at_thresholds: Sequence[float] = (),
) -> VerificationResult:
    """Assess 1:1 comparison scores: ISO/IEC 19795-1 rates and 19795-10 differentials.

    Parameters
    ----------
    data : path, pandas/Polars/Arrow table or dict of arrays
        One row per comparison. For each group attribute ``ATTR`` it holds the
        columns ``probe_ATTR`` and ``ref_ATTR``.
    score, mated : str
        The score column and the mated flag (true/false, 1/0). Scores are
        similarities (accept when ``score >= threshold``) unless
        ``higher_is_better=False``.
    groups : sequence of str
        Group attributes; a group is one combination of their values.
    fmr_targets : sequence of float
        Target FMRs; the group figures are read at the first one's threshold
        (NIST FRTE practice: one global threshold, e.g. FMR 1e-4).
    thresholds, requirements : sequence
        Limits to check (``"fnmr<=0.01"`` or :class:`~fulcrum.evidence.Threshold`)
        and catalog requirement ids whose limits apply.
    fta, fte : str, optional
        Boolean columns flagging failure to acquire / enrol; flagged rows are
        left out of the scores and give the generalised rates GFMR/GFNMR.
    alpha, beta : float
        Weights of FMR (``alpha``) and FNMR (``1 - alpha`` in FDR and GARBE,
        ``beta`` in the inequity rate).
    bootstrap : int
        Replicates of the subject-level bootstrap (0: none); needs ``cluster``.
    cluster : str, optional
        The subject column comparisons are clustered by (e.g. ``probe_subject``).
    engine : {"numpy", "duckdb"}, optional
        Where the table is scanned; files default to DuckDB, in-memory data to NumPy.
    n_bins : int
        Number of score bins of the first pass (exactness does not depend on it).
    higher_is_better : bool, default True
        False for distances (lower = more alike; accept when ``score <= threshold``),
        as pyeer's ``-ds`` switch. Reported thresholds stay in the score's units.
    at_thresholds : sequence of float
        Thresholds (in the score's units) at which FMR and FNMR are also reported.
    confidence_level : float, default 0.95
        Level of the Wilson and bootstrap intervals.
    random_state : int, default 0
        Seed of the bootstrap.

    Returns
    -------
    VerificationResult

    Examples
    --------
    >>> import numpy as np
    >>> from fulcrum.assess.biometrics import assess_verification
    >>> data = {"score": np.r_[np.linspace(0, 0.5, 100), np.linspace(0.4, 1, 20)],
    ...         "mated": np.r_[np.zeros(100, bool), np.ones(20, bool)]}
    >>> result = assess_verification(data, fmr_targets=[0.01])
    >>> result.report["operating_points"][0]["fmr"] <= 0.01
    True
    """
    from fulcrum.assess.biometrics._scores import scan_scores

    summary = scan_scores(
        data,
        score=score,
        mated=mated,
        groups=groups,
        fta=fta,
        fte=fte,
        engine=engine,
        n_bins=n_bins,
        extra_columns=[cluster] if bootstrap and cluster else [],
        higher_is_better=higher_is_better,
    )
    if bootstrap and cluster:
        summary.clusters = (summary.clusters, cluster)
    elif bootstrap:
        from fulcrum.errors import InputError

        raise InputError("bootstrap needs the subject column to cluster by (cluster=...)")
    else:
        summary.clusters = None
    return finish_verification(
        summary,
        fmr_targets=fmr_targets,
        thresholds=thresholds,
        requirements=requirements,
        alpha=alpha,
        beta=beta,
        bootstrap=bootstrap,
        confidence_level=confidence_level,
        random_state=random_state,
        inputs=[input_ref("scores", data, summary)],
        parameters={"score": score, "mated": mated, "groups": list(groups), "cluster": cluster},
        higher_is_better=higher_is_better,
        at_thresholds=at_thresholds,
    )
