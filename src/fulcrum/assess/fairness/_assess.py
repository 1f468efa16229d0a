"""``assess_fairness``: counts, metrics, disparities, intervals, checks and the evidence."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from fulcrum._hashing import sha256_bytes, sha256_file
from fulcrum.assess.fairness._bootstrap import bootstrap_summary
from fulcrum.assess.fairness._checks import evaluate
from fulcrum.assess.fairness._counts import FairnessCounts, count_in_memory, count_with_engine
from fulcrum.assess.fairness._disparity import Measure, disparities_dict, disparity_measures
from fulcrum.assess.fairness._frame import GroupMetrics
from fulcrum.assess.fairness._inequality import inequality_dict
from fulcrum.assess.fairness._messages import (
    BAD_BOOTSTRAP,
    BAD_CI,
    BAD_MIN_GROUP,
    NO_SENSITIVE,
)
from fulcrum.assess.fairness._mitigation import tradeoff
from fulcrum.assess.fairness._postprocess import fit_thresholds_from_counts
from fulcrum.assess.fairness._rates import METRICS, RATES, undefined_reason
from fulcrum.assess.fairness._scores import auc_interval, calibration
from fulcrum.assess.fairness._thresholds import parse_thresholds
from fulcrum.engines import Engine, get_engine
from fulcrum.errors import DataError, InputError
from fulcrum.evidence import Check, Evidence, InputRef, Threshold, resolve_thresholds

#: Libraries whose versions the evidence records, per engine (metadata look-ups cost ~6 ms each).
_LIBRARIES = {"numpy": ("numpy", "pyarrow"), "duckdb": ("numpy", "duckdb"), "spark": ("pyspark",)}


@dataclass(frozen=True)
class FairnessResult:
    """The outcome of ``assess_fairness``: the metric frame, disparities and evidence."""

    frame: GroupMetrics
    measures: dict[str, Measure]
    checks: tuple[Check, ...]
    evidence: Evidence
    report: dict[str, Any] = field(repr=False)

    def __repr__(self) -> str:
        return (
            f"FairnessResult(verdict={self.evidence.verdict!r}, groups={len(self.frame.groups)}, "
            f"rows={self.counts.total}, checks={len(self.checks)})"
        )

    @property
    def counts(self) -> FairnessCounts:
        """The aggregated counts everything was computed from."""
        return self.frame.counts

    @property
    def verdict(self) -> str:
        """Overall verdict of the checks."""
        return self.evidence.verdict

    def to_dict(self) -> dict[str, Any]:
        """The CLI JSON: ``groups``, ``disparities``, ... and ``evidence``."""
        return {**self.report, "evidence": self.evidence.model_dump(mode="json")}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def _column_names(data: Any) -> list[str]:
    if isinstance(data, Mapping):
        return [str(k) for k in data]
    names = getattr(data, "column_names", None) or getattr(data, "columns", None)
    return [str(c) for c in names] if names is not None else []


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | bytes | int | float | bool | np.generic) or value is None


def _normalise_sensitive(data: Any, sensitive: Any) -> tuple[list[Any], list[str]]:
    """Sensitive features as (columns or arrays, names), in every form Fairlearn accepts.

    A string or a list of strings names columns of ``data``; without ``data`` a
    list of strings is the values of one feature (``["a", "a", "b"]``). Arrays,
    Series, 2-D arrays, DataFrames and mappings of name to values also work.
    """
    if sensitive is None:
        raise InputError(NO_SENSITIVE)
    if isinstance(sensitive, str):
        if data is None:
            raise InputError(
                f"sensitive={sensitive!r} names a column but no data was given; "
                "pass the group values (a list, array or Series) instead"
            )
        return [sensitive], [sensitive]
    if isinstance(sensitive, Mapping):
        if not sensitive:
            raise InputError(NO_SENSITIVE)
        return list(sensitive.values()), [str(k) for k in sensitive]
    if hasattr(sensitive, "columns") and not isinstance(sensitive, np.ndarray):  # a DataFrame
        names = [str(c) for c in sensitive.columns]
        return [sensitive[c] for c in sensitive.columns], names
    if isinstance(sensitive, np.ndarray) and sensitive.ndim == 2:
        return [sensitive[:, j] for j in range(sensitive.shape[1])], [
            f"sensitive_feature_{j}" for j in range(sensitive.shape[1])
        ]
    if isinstance(sensitive, list | tuple):
        if not sensitive:
            raise InputError(NO_SENSITIVE)
        if data is not None and all(isinstance(s, str) for s in sensitive):
            return list(sensitive), list(sensitive)
        if all(_is_scalar(v) for v in sensitive):
            return [list(sensitive)], ["sensitive_feature_0"]
        columns, names = [], []
        for j, values in enumerate(sensitive):
            name = getattr(values, "name", None)
            columns.append(values)
            names.append(name if isinstance(name, str) else f"sensitive_feature_{j}")
        return columns, names
    if hasattr(sensitive, "name") and isinstance(sensitive.name, str):  # a named Series
        return [sensitive], [sensitive.name]
    return [sensitive], ["sensitive_feature_0"]


def _count(
    data: Any,
    engine: str | Engine,
    label: Any,
    pred: Any,
    sensitive: Any,
    score: Any,
    pos_label: Any,
    sample_weight: Any,
    one_vs_rest: bool = False,
) -> tuple[FairnessCounts, list[str]]:
    try:
        return _count_rows(
            data, engine, label, pred, sensitive, score, pos_label, sample_weight, one_vs_rest
        )
    except DataError as exc:
        if isinstance(data, str | Path) and not str(exc).startswith(str(data)):
            raise DataError(f"{data}: {exc}") from exc
        raise


def _count_rows(
    data: Any,
    engine: str | Engine,
    label: Any,
    pred: Any,
    sensitive: Any,
    score: Any,
    pos_label: Any,
    sample_weight: Any,
    one_vs_rest: bool,
) -> tuple[FairnessCounts, list[str]]:
    columns, names = _normalise_sensitive(data, sensitive)
    engine_name = engine if isinstance(engine, str) else engine.name
    if engine_name == "numpy":
        table = data
        if isinstance(data, str | Path):
            from fulcrum.engines._arrow import read_table

            refs = [*names, label, pred, score, sample_weight]
            wanted = [r for r in refs if isinstance(r, str)]
            get_engine("numpy").check_columns(data, wanted)
            table = read_table(data, list(dict.fromkeys(wanted)))
        counts = count_in_memory(
            table,
            label=label,
            pred=pred,
            sensitive=columns,
            sensitive_names=names,
            score=score,
            pos_label=pos_label,
            sample_weight=sample_weight,
            one_vs_rest=one_vs_rest,
        )
        return counts, names
    runner = get_engine(engine)
    refs = [*columns, label, pred, *([score] if score is not None else [])]
    if sample_weight is not None:
        refs.append(sample_weight)
    if data is None or not all(isinstance(c, str) for c in refs):
        raise InputError(f"engine {engine_name!r} needs a table or path and column names")
    counts = count_with_engine(
        runner,
        data,
        label=label,
        pred=pred,
        sensitive=names,
        score=score,
        pos_label=pos_label,
        sample_weight=sample_weight,
        one_vs_rest=one_vs_rest,
    )
    return counts, names


def _input_ref(data: Any, counts: FairnessCounts) -> InputRef:
    if isinstance(data, str | Path) and Path(data).is_file():
        path = Path(data)
        return InputRef(
            name=path.name,
            sha256=sha256_file(path),
            rows=counts.total,
            size_bytes=path.stat().st_size,
        )
    digest = sha256_bytes(np.ascontiguousarray(counts.confusion).tobytes())
    return InputRef(
        name="in-memory data (hash of the aggregated counts)", sha256=digest, rows=counts.total
    )


def _group_rows(
    frame: GroupMetrics,
    min_group_size: int,
    auc: np.ndarray | None,
    calib: list[Any] | None,
    auc_ci: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[dict[str, Any]]:
    rows = []
    for g, group in enumerate(frame.groups):
        row: dict[str, Any] = {"group": group, "n": int(frame.n[g])}
        undefined = {}
        for name in METRICS:
            value = float(frame.values(name)[g])
            row[name] = None if np.isnan(value) else value
            if np.isnan(value):
                undefined[name] = undefined_reason(name)
        intervals = {}
        for name in RATES:
            bounds = frame.interval(name)
            assert bounds is not None
            lo, hi = float(bounds[0][g]), float(bounds[1][g])
            intervals[name] = None if np.isnan(lo) else [lo, hi]
        row["ci"] = intervals
        if auc is not None:
            row["auc"] = None if np.isnan(auc[g]) else float(auc[g])
            if auc_ci is not None and not np.isnan(auc_ci[0][g]):
                intervals["auc"] = [float(auc_ci[0][g]), float(auc_ci[1][g])]
            if np.isnan(auc[g]):
                undefined["auc"] = "the group lacks positives or negatives"
        if calib is not None:
            row["ece"] = calib[g]["ece"] if calib[g] else None
        row["small"] = bool(frame.n[g] < min_group_size)
        if undefined:
            row["undefined"] = undefined
        rows.append(row)
    return rows


def _progress(enabled: bool | None) -> Any:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import Progress

    return Progress(console=Console(stderr=True), transient=True)


def assess_fairness(
    data: Any = None,
    *,
    label: Any,
    pred: Any,
    sensitive: Any,
    score: Any = None,
    sample_weight: Any = None,
    reference: Any = None,
    confidence_level: float = 0.95,
    bootstrap: int = 0,
    engine: str | Engine = "numpy",
    thresholds: Sequence[Threshold | str] = (),
    requirements: Sequence[str] = (),
    min_group_size: int = 30,
    pos_label: Any = 1,
    one_vs_rest: bool = False,
    mitigation: bool = True,
    random_state: int | None = None,
    progress: bool | None = False,
) -> FairnessResult:
    """Assess group fairness of binary predictions and return the evidence.

    Parameters
    ----------
    data : path, pandas/Polars/Arrow table, mapping of arrays, PySpark DataFrame, or None
        The rows. With ``None``, ``label``, ``pred``, ``sensitive`` and ``score`` are arrays.
    label, pred : str or array-like
        True labels and binary predictions (columns of ``data``, or arrays).
    sensitive : str, list of str, array-like or mapping of name to array
        One sensitive column, or several for intersectional groups.
    score : str or array-like, optional
        Scores for ROC AUC (exact, any number of distinct values), calibration and
        the mitigation trade-off.
    sample_weight : str or array-like, optional
        Non-negative row weights (a column of ``data`` or an array). Every metric is
        weighted; every interval uses Kish's effective sample size.
    reference : str, tuple or dict, optional
        Reference group for differences and ratios to a reference: one value per
        sensitive column (a tuple, a dict, or ``"Male,White"`` in column order).
    confidence_level : float, default 0.95
        Confidence level of every interval.
    bootstrap : int, default 0
        Bootstrap replicates drawn from the aggregated counts (0 to skip).
    engine : {"numpy", "duckdb", "spark"} or Engine, default "numpy"
        Where the data is scanned.
    thresholds : sequence of Threshold or str
        Limits such as ``"fpr_difference<=0.1"``.
    requirements : sequence of str
        Catalog requirement ids whose fairness thresholds apply.
    min_group_size : int, default 30
        Groups smaller than this are flagged and cannot pass a check.
    pos_label : default 1
        The value of ``label`` and ``pred`` meaning positive.
    one_vs_rest : bool, default False
        Accept multiclass labels: ``pos_label`` is the positive class, the rest negative.
    mitigation : bool, default True
        With scores, search per-group thresholds and report the trade-off.
    random_state : int, optional
        Seed of the bootstrap and of Monte Carlo exact tests.
    progress : bool or None, default False
        Show a progress bar on stderr (None: when stderr is a terminal).

    Returns
    -------
    FairnessResult
        ``.frame`` (metrics per group), ``.to_dict()`` (the CLI JSON), ``.evidence``.

    Examples
    --------
    >>> import numpy as np
    >>> from fulcrum.assess.fairness import assess_fairness
    >>> result = assess_fairness(
    ...     {"y": [1, 0, 1, 0], "p": [1, 1, 0, 0], "g": ["a", "a", "b", "b"]},
    ...     label="y", pred="p", sensitive="g", min_group_size=1)
    >>> [row["selection_rate"] for row in result.to_dict()["groups"]]
    [1.0, 0.0]
    """
    ci = confidence_level
    seed = random_state
    if not 0.0 < ci < 1.0:
        raise InputError(BAD_CI.format(ci=ci))
    if bootstrap < 0:
        raise InputError(BAD_BOOTSTRAP.format(bootstrap=bootstrap))
    if min_group_size < 1:
        raise InputError(BAD_MIN_GROUP.format(value=min_group_size))
    limits = resolve_thresholds(parse_thresholds(thresholds), requirements, assessment="fairness")
    with _progress(progress) as bar:
        task = bar.add_task("fairness: counting", total=4) if bar else None
        counts, names = _count(
            data, engine, label, pred, sensitive, score, pos_label, sample_weight, one_vs_rest
        )
        if bar:
            bar.update(task, advance=1, description="fairness: metrics and tests")
        frame = GroupMetrics(counts, confidence_level=ci, reference=reference)
        measures = disparity_measures(frame, seed=seed if seed is not None else 0)
        report: dict[str, Any] = {}
        auc = calib = None
        group_scores: dict[str, np.ndarray] = {}
        group_intervals: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        if counts.scores is not None:
            auc = counts.scores.auc()
            group_scores["auc"] = auc
            group_intervals["auc"] = auc_interval(
                auc, frame.fraction("tpr")[1], frame.fraction("tnr")[1], ci
            )
            if counts.scores.probabilities:
                calib = [calibration(counts.scores, g) for g in range(len(counts.groups))]
                group_scores["ece"] = np.asarray(
                    [c["ece"] if c and c["ece"] is not None else np.nan for c in calib]
                )
        report["groups"] = _group_rows(
            frame, min_group_size, auc, calib, group_intervals.get("auc")
        )
        report["overall"] = {"n": counts.total, **frame._overall}
        report["disparities"] = disparities_dict(frame, measures)
        report["inequality"] = inequality_dict(frame)
        if bar:
            bar.update(task, advance=1, description=f"fairness: bootstrap x{bootstrap}")
        if bootstrap:
            report["bootstrap"] = bootstrap_summary(
                counts.confusion, bootstrap, ci, seed, counts.rows
            )
        if bar:
            bar.update(task, advance=1, description="fairness: scores")
        if counts.scores is not None:
            report["scores"] = _score_section(counts, auc, calib, mitigation, frame.groups)
        checks = evaluate(
            limits,
            frame,
            measures,
            group_scores,
            min_group_size=min_group_size,
            group_intervals=group_intervals,
        )
        if bar:
            bar.update(task, advance=1)
    report["method"] = {
        "group_intervals": "Wilson score",
        "difference_intervals": "simultaneous Newcombe hybrid score (Bonferroni over pairs)",
        "ratio_intervals": "simultaneous Wilson (Bonferroni over groups)",
        "auc_intervals": "Hanley & McNeil",
        "sample_weight": "weighted counts; intervals use Kish's effective sample size",
        "tests": "chi-square; Fisher exact or Monte Carlo permutation when expected counts < 5",
        "verdicts": "pass/fail only when the whole interval is on one side of the threshold",
    }
    report = _jsonable(report)
    parameters = {
        "label": label if isinstance(label, str) else "<array>",
        "pred": pred if isinstance(pred, str) else "<array>",
        "sensitive": names,
        "score": score if isinstance(score, str) or score is None else "<array>",
        "sample_weight": sample_weight
        if isinstance(sample_weight, str) or sample_weight is None
        else "<array>",
        "reference": None if reference is None else str(reference),
        "confidence_level": ci,
        "bootstrap": bootstrap,
        "engine": engine if isinstance(engine, str) else engine.name,
        "min_group_size": min_group_size,
        "pos_label": str(pos_label),
        "one_vs_rest": one_vs_rest,
        "random_state": seed,
    }
    evidence = Evidence.build(
        kind="fairness",
        title=f"Group fairness by {', '.join(names)}",
        metrics=report,
        checks=checks,
        inputs=[_input_ref(data, counts)],
        parameters=parameters,
        requirements=requirements,
        libraries=_LIBRARIES.get(str(parameters["engine"]), ("numpy",)),
    )
    report["checks"] = [c.model_dump(mode="json") for c in checks]
    report["verdict"] = evidence.verdict
    return FairnessResult(frame, measures, tuple(checks), evidence, report)


def _score_section(
    counts: FairnessCounts,
    auc: np.ndarray | None,
    calib: list[Any] | None,
    mitigation: bool,
    groups: list[dict[str, str]],
) -> dict[str, Any]:
    scores = counts.scores
    assert scores is not None and auc is not None
    overall_auc = scores.auc_overall()
    section: dict[str, Any] = {
        "values": "exact" if scores.exact else f"{len(scores.values)} bins",
        "auc": "exact (rank-based, ties count half)"
        if scores.wins is not None
        else "from the score histogram",
        "auc_overall": overall_auc,
        "calibration": None
        if calib is None
        else {
            "overall": calibration(scores),
            "groups": [{"group": g, **(c or {})} for g, c in zip(groups, calib, strict=True)],
        },
    }
    if calib is None:
        section["calibration_reason"] = "scores are not all in [0, 1]"
    if mitigation:
        section["mitigation"] = tradeoff(scores, groups)
        labels = [",".join(g.values()) for g in groups]
        fitted = {}
        for constraint in ("demographic_parity", "equalized_odds"):
            rule = fit_thresholds_from_counts(scores, labels, constraint=constraint)
            fitted[constraint] = {**rule.report, "rule": rule.to_dict()["rules"]}
        section["mitigation"]["postprocessing"] = {
            "method": "group-specific randomised thresholds (Hardt et al.; Fairlearn's "
            "ThresholdOptimizer), exact constraint; apply with fit_thresholds(...).predict",
            **fitted,
        }
    return section
