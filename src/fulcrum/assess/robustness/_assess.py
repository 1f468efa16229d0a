"""``assess_robustness``: corruption curves, stability, counterfactual flips, adversarial search."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from fulcrum.assess.robustness._adversarial import Method, adversarial
from fulcrum.assess.robustness._checks import Measurement, judge, required_params
from fulcrum.assess.robustness._corrupt import (
    CORRUPTIONS,
    DEFAULT_SEVERITIES,
    check_corruption,
    profile,
)
from fulcrum.assess.robustness._counterfactual import counterfactual
from fulcrum.assess.robustness._data import Table, infer_task, load_table, take_rows
from fulcrum.assess.robustness._messages import BAD_CI, BAD_REPEATS, PRED_LENGTH, PREDICT_FAILED
from fulcrum.assess.robustness._metrics import correct, proportion, r2_score
from fulcrum.assess.robustness._models import Model, load_model
from fulcrum.assess.robustness._sweep import Baseline, stability, sweep
from fulcrum.errors import DataError, FulcrumError, InputError
from fulcrum.evidence import Check, Evidence, InputRef, Threshold, resolve_thresholds

LIBRARIES = (
    "numpy",
    "pandas",
    "scikit-learn",
    "skops",
    "onnxruntime",
    "adversarial-robustness-toolbox",
)
#: Metrics a run measures only when asked, and how to ask.
OPTIONAL = {
    "counterfactual_flip_rate": "name the sensitive attribute(s) (--sensitive)",
    "adversarial_success_rate": "attack some rows (--adversarial N)",
    "adversarial_median_l2": "attack some rows (--adversarial N)",
    "adversarial_min_l2": "attack some rows (--adversarial N)",
}
_CURVE_METRICS = ("accuracy", "accuracy_drop", "flip_rate", "r2", "r2_drop", "mean_abs_change")


@dataclass(frozen=True)
class RobustnessResult:
    """The outcome of ``assess_robustness``: the report sections, checks and evidence."""

    checks: tuple[Check, ...]
    evidence: Evidence
    report: dict[str, Any] = field(repr=False)
    measurements: tuple[Measurement, ...] = field(repr=False, default=())

    @property
    def verdict(self) -> str:
        """Overall verdict of the checks."""
        return self.evidence.verdict

    def to_dict(self) -> dict[str, Any]:
        """The CLI JSON: ``baseline``, ``curves``, ``stability``, ... and ``evidence``."""
        return {**self.report, "evidence": self.evidence.model_dump(mode="json")}


@contextmanager
def progress_bar(enabled: bool | None, total: int) -> Iterator[Callable[[str], None]]:
    """A rich progress bar on stderr, advanced by calling the yielded function."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield lambda _: None
        return
    from rich.progress import Progress

    from fulcrum.cli._output import err_console

    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("robustness", total=total)
        yield lambda text: bar.update(task, advance=1, description=text)


def model_ref(model: Model) -> InputRef:
    """The model as an evidence input, identified by its content hash."""
    return InputRef(
        name=f"model: {model.name} ({model.kind})", sha256=model.sha256, size_bytes=model.size_bytes
    )


def prepare(
    model: Any,
    data: Any,
    *,
    label: str,
    features: Sequence[str] | None,
    max_rows: int | None,
    seed: int,
    keep: Sequence[str] = (),
    trust_pickle: bool,
    trust: Sequence[str],
) -> tuple[Model, Table, np.ndarray]:
    """Load the model and the rows, sample them, and predict on the clean data once."""
    loaded = load_model(model, trust_pickle=trust_pickle, trust=trust)
    if features is None and loaded.estimator is not None:
        names = getattr(loaded.estimator, "feature_names_in_", None)
        features = None if names is None else [str(n) for n in names]
    table = load_table(data, label=label, features=features, keep=keep)
    if max_rows is not None and table.rows > max_rows:
        rows = np.sort(np.random.default_rng(seed).choice(table.rows, max_rows, replace=False))
        table = take_rows(table, rows)
    try:
        pred = np.asarray(loaded.predict(table.X))
    except FulcrumError:
        raise
    except Exception as exc:
        error = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(PREDICT_FAILED.format(source=table.source, error=error)) from exc
    if len(pred) != table.rows:
        raise DataError(PRED_LENGTH.format(got=len(pred), rows=table.rows))
    return loaded, table, pred


def _grid(
    corruptions: Sequence[str] | None,
    severities: Mapping[str, Sequence[float]] | None,
    limits: Sequence[Threshold],
) -> dict[str, tuple[float, ...]]:
    names = list(corruptions) if corruptions else list(CORRUPTIONS)
    grid = {n: tuple((severities or {}).get(n, DEFAULT_SEVERITIES.get(n, ()))) for n in names}
    for metric in _CURVE_METRICS:
        for params in required_params([t for t in limits if t.metric == metric], metric):
            name, value = params.get("corruption"), params.get("severity")
            if name is not None and value is not None:
                grid[str(name)] = tuple(sorted({*grid.get(str(name), ()), float(value)}))
    for name, values in grid.items():
        check_corruption(name, values)
    return grid


def _baseline(
    task: str, y: np.ndarray, pred: np.ndarray, level: float, groups: dict[str, np.ndarray]
) -> tuple[Baseline, dict, list]:
    if task == "classification":
        hits = correct(y, pred)
        acc, ci = proportion(float(hits.sum()), len(y), level)
        return (
            Baseline(task, y, pred, hits, groups),
            {"accuracy": acc, "accuracy_ci": ci},
            [Measurement("clean_accuracy", acc, ci)],
        )
    r2 = r2_score(y, pred.astype(np.float64))
    return Baseline(task, y, pred, None), {"r2": r2}, [Measurement("clean_r2", r2)]


def assess_robustness(
    model: Any,
    data: Any,
    *,
    label: str,
    features: Sequence[str] | None = None,
    sensitive: Sequence[str] = (),
    corruptions: Sequence[str] | None = None,
    severities: Mapping[str, Sequence[float]] | None = None,
    repeats: int = 1,
    stability_severity: float = 0.05,
    stability_repeats: int = 5,
    adversarial_rows: int = 0,
    adversarial_method: Method = "auto",
    task: Literal["auto", "classification", "regression"] = "auto",
    ci: float = 0.95,
    thresholds: Sequence[Threshold | str] = (),
    requirements: Sequence[str] = (),
    max_rows: int | None = None,
    seed: int = 0,
    trust_pickle: bool = False,
    trust: Sequence[str] = (),
    progress: bool | None = False,
) -> RobustnessResult:
    """Measure how a model's predictions hold up under corrupted and perturbed inputs.

    Parameters
    ----------
    model : path, URL, estimator, callable or Model
        See ``load_model``: ``.skops``, ``.onnx``, ``.joblib`` (``trust_pickle``), HTTP.
    data : path, pandas/Polars/Arrow table or mapping of arrays
        The evaluation rows: features and the label.
    label : str
        Column of true labels (or targets, for regression).
    features : sequence of str, optional
        Model inputs; default: the estimator's ``feature_names_in_``, else every other column.
    sensitive : sequence of str
        Sensitive attributes for counterfactual flips (each set to every other value).
    corruptions : sequence of str, optional
        Among ``gaussian``, ``missing``, ``category_swap``, ``out_of_range`` (default: all).
    severities : mapping, optional
        Severity grid per corruption (default ``DEFAULT_SEVERITIES``); thresholds add theirs.
    repeats : int, default 1
        Random draws per corruption and severity.
    stability_severity, stability_repeats
        Gaussian noise (in standard deviations) and draws for the flip-rate stability test.
    adversarial_rows : int, default 0
        Rows to attack with a black-box search (0 to skip).
    adversarial_method : {"auto", "hopskipjump", "random"}
        ART's HopSkipJump (``robustness`` extra) or a random-direction upper bound.
    task : {"auto", "classification", "regression"}
    ci : float, default 0.95
        Confidence level of every interval.
    thresholds, requirements
        Limits such as ``"accuracy_drop<=0.05"`` and catalog requirements giving them.
    max_rows : int, optional
        Sample this many rows (seeded) before anything else.
    seed : int
        Seed of every random draw.
    trust_pickle, trust
        See ``load_model``.
    progress : bool or None, default False
        Show a progress bar over the sweep on stderr (None: when stderr is a terminal).

    Returns
    -------
    RobustnessResult

    Examples
    --------
    >>> import pandas as pd
    >>> from fulcrum.assess.robustness import assess_robustness
    >>> frame = pd.DataFrame({"x": [-2.0, -1.0, 1.0, 2.0] * 25, "y": [0, 0, 1, 1] * 25})
    >>> result = assess_robustness(lambda X: (X["x"] > 0).astype(int), frame, label="y",
    ...                            corruptions=["gaussian"], severities={"gaussian": [0.1]})
    >>> result.report["curves"]["gaussian"]["points"][0]["accuracy"]
    1.0
    """
    if not 0.0 < ci < 1.0:
        raise InputError(BAD_CI.format(value=ci))
    for value in (repeats, stability_repeats):
        if value < 1:
            raise InputError(BAD_REPEATS.format(value=value))
    check_corruption("gaussian", (stability_severity,))
    limits = resolve_thresholds(thresholds, requirements, assessment="robustness")
    grid = _grid(corruptions, severities, limits)
    loaded, table, pred = prepare(
        model,
        data,
        label=label,
        features=features,
        max_rows=max_rows,
        seed=seed,
        keep=sensitive,
        trust_pickle=trust_pickle,
        trust=trust,
    )
    kind = infer_task(table.y, loaded.has_proba) if task == "auto" else task
    rng = np.random.default_rng(seed)
    info = profile(table.X, table.numeric, table.categorical)
    groups = {c: np.asarray([str(v) for v in table.extra[c]]) for c in sensitive}
    base, clean, measurements = _baseline(kind, table.y, pred, ci, groups)
    with progress_bar(progress, sum(map(len, grid.values()))) as step:
        curves, found = sweep(
            loaded, table.X, base, grid, repeats=repeats, rng=rng, info=info, level=ci, step=step
        )
    measurements += found
    severities_needed = {
        float(p["severity"])
        for p in required_params(
            [t for t in limits if t.metric in ("stability_flip_rate", "unstable_row_rate")], ""
        )
        if "severity" in p
    }
    stable_sections = {}
    for severity in sorted({stability_severity, *severities_needed}):
        stable_sections[str(severity)], found = stability(
            loaded,
            table.X,
            base,
            severity=severity,
            repeats=stability_repeats,
            rng=rng,
            info=info,
            level=ci,
        )
        measurements += found
    report: dict[str, Any] = {
        "task": kind,
        "rows": table.rows,
        "features": {"numeric": list(table.numeric), "categorical": list(table.categorical)},
        "baseline": clean,
        "curves": curves,
        "stability": stable_sections[str(stability_severity)],
    }
    if len(stable_sections) > 1:
        report["stability_extra"] = stable_sections
    if sensitive:
        report["counterfactual"] = []
        for column in sensitive:
            section, found = counterfactual(
                loaded, table.X, pred, column, level=ci, source=table.source
            )
            report["counterfactual"].append(section)
            measurements += found
    if adversarial_rows > 0:
        report["adversarial"], found = adversarial(
            loaded,
            table.X,
            pred,
            info,
            rows=adversarial_rows,
            method=adversarial_method,
            rng=rng,
            level=ci,
        )
        measurements += found
    checks = judge(limits, measurements, assessment="robustness", optional=OPTIONAL)
    report["checks"] = [c.model_dump(mode="json") for c in checks]
    report["method"] = {
        "rates": "Wilson score intervals over rows",
        "accuracy_drop": "paired normal interval of per-row differences (clean - corrupted)",
        "adversarial": "distances in standard deviations of each numeric feature",
        "verdicts": "pass/fail only when the whole interval is on one side of the threshold",
    }
    parameters = {
        "label": label,
        "features": [str(c) for c in table.X.columns],
        "sensitive": list(sensitive),
        "grid": {k: list(v) for k, v in grid.items()},
        "repeats": repeats,
        "stability_severity": stability_severity,
        "stability_repeats": stability_repeats,
        "adversarial_rows": adversarial_rows,
        "adversarial_method": adversarial_method,
        "task": kind,
        "ci": ci,
        "max_rows": max_rows,
        "seed": seed,
    }
    evidence = Evidence.build(
        kind="robustness",
        title=f"Robustness of {loaded.name} on {table.source}",
        metrics={k: v for k, v in report.items() if k not in ("checks", "method")},
        checks=checks,
        inputs=[table.ref, model_ref(loaded)],
        parameters=parameters,
        requirements=requirements,
        libraries=LIBRARIES,
    )
    return RobustnessResult(tuple(checks), evidence, report, tuple(measurements))
