"""``assess_explain``: permutation importance, SHAP (global and per group), partial dependence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from fulcrum.assess.explain._pdp import partial_dependence
from fulcrum.assess.explain._permutation import Importances, permutation_importance, t_interval
from fulcrum.assess.explain._shapley import Method, ShapValues, group_importance, shap_values
from fulcrum.assess.robustness import Measurement, judge, model_ref
from fulcrum.assess.robustness._assess import prepare
from fulcrum.assess.robustness._data import infer_task
from fulcrum.assess.robustness._messages import BAD_CI, BAD_REPEATS
from fulcrum.errors import InputError
from fulcrum.evidence import Check, Evidence, Threshold, resolve_thresholds

#: Metrics a run measures only when asked, and how to ask.
OPTIONAL = {
    "sensitive_importance_share": "name the sensitive attribute(s) (--sensitive)",
    "max_group_shap_share_gap": "name the sensitive attribute(s) and keep SHAP on",
    "permutation_importance": "the feature is not a model input",
}
LIBRARIES = ("numpy", "pandas", "scikit-learn", "skops", "onnxruntime", "shap")


@dataclass(frozen=True)
class ExplainResult:
    """The outcome of ``assess_explain``: importances, SHAP values, report, checks, evidence."""

    importances: Importances
    shap: ShapValues | None
    checks: tuple[Check, ...]
    evidence: Evidence
    report: dict[str, Any] = field(repr=False)

    @property
    def verdict(self) -> str:
        """Overall verdict of the checks."""
        return self.evidence.verdict

    def to_dict(self) -> dict[str, Any]:
        """The CLI JSON: ``permutation_importance``, ``shap``, ... and ``evidence``."""
        return {**self.report, "evidence": self.evidence.model_dump(mode="json")}


def _sensitive_share(imp: Importances, sensitive: Sequence[str]) -> tuple[float, tuple]:
    picked = [j for j, f in enumerate(imp.features) if f in set(sensitive)]
    positive = np.clip(imp.importances, 0.0, None)
    total = positive.sum(axis=0)
    per_repeat = np.divide(
        positive[picked].sum(axis=0), total, out=np.zeros_like(total), where=total > 0
    )
    lo, hi = t_interval(per_repeat[None, :], imp.ci)
    share = float(per_repeat.mean())
    return share, (max(float(lo[0]), 0.0), min(float(hi[0]), 1.0))


def assess_explain(
    model: Any,
    data: Any,
    *,
    label: str,
    features: Sequence[str] | None = None,
    sensitive: Sequence[str] = (),
    n_repeats: int = 5,
    shap: bool = True,
    shap_method: Method = "auto",
    shap_rows: int = 200,
    background_rows: int = 50,
    pdp: Sequence[str] | None = None,
    pdp_rows: int = 1000,
    grid_resolution: int = 20,
    min_group_size: int = 30,
    task: Literal["auto", "classification", "regression"] = "auto",
    ci: float = 0.95,
    thresholds: Sequence[Threshold | str] = (),
    requirements: Sequence[str] = (),
    max_rows: int | None = None,
    seed: int = 0,
    trust_pickle: bool = False,
    trust: Sequence[str] = (),
) -> ExplainResult:
    """Explain which features drive a model, overall and per sensitive group.

    Parameters
    ----------
    model : path, URL, estimator, callable or Model
        See ``fulcrum.assess.robustness.load_model``.
    data : path, pandas/Polars/Arrow table or mapping of arrays
    label : str
    features : sequence of str, optional
        Model inputs; default: the estimator's ``feature_names_in_``, else every other column.
    sensitive : sequence of str
        Sensitive attributes: their share of the importance, and SHAP per group.
    n_repeats : int, default 5
        Shuffles per feature for permutation importance (the interval comes from these).
    shap : bool, default True
        Compute SHAP values (exact for up to 12 features; ``shap`` for trees or wider models).
    shap_method : {"auto", "exact", "tree", "permutation"}
    shap_rows, background_rows : int
        Rows explained and background rows (both sampled with ``seed``).
    pdp : sequence of str, optional
        Features for partial dependence (default: the three most important).
    pdp_rows, grid_resolution : int
    min_group_size : int, default 30
        Groups with fewer explained rows are reported but left out of the SHAP share gap.
    task : {"auto", "classification", "regression"}
    ci : float, default 0.95
    thresholds, requirements
        Limits such as ``"sensitive_importance_share<=0.05"`` and catalog requirements.
    max_rows : int, optional
        Sample this many rows before anything else.
    seed : int
    trust_pickle, trust
        See ``load_model``.

    Returns
    -------
    ExplainResult

    Examples
    --------
    >>> import pandas as pd
    >>> from fulcrum.assess.explain import assess_explain
    >>> frame = pd.DataFrame({"x": [-2.0, -1.0, 1.0, 2.0] * 25, "z": [0.0, 1.0] * 50,
    ...                       "y": [0, 0, 1, 1] * 25})
    >>> result = assess_explain(lambda X: (X["x"] > 0).astype(int), frame, label="y")
    >>> [row["feature"] for row in result.report["permutation_importance"]]
    ['x', 'z']
    """
    if not 0.0 < ci < 1.0:
        raise InputError(BAD_CI.format(value=ci))
    if n_repeats < 1:
        raise InputError(BAD_REPEATS.format(value=n_repeats))
    limits = resolve_thresholds(thresholds, requirements, assessment="explain")
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
    imp = permutation_importance(
        loaded,
        table.X,
        table.y,
        task=kind,
        n_repeats=n_repeats,
        random_state=seed,
        ci=ci,
        baseline_pred=pred,
    )
    report: dict[str, Any] = {
        "task": kind,
        "rows": table.rows,
        "baseline_score": imp.baseline,
        "score": "accuracy" if kind == "classification" else "r2",
        "permutation_importance": imp.to_rows(),
    }
    measurements = [Measurement("baseline_score", imp.baseline)]
    for row in report["permutation_importance"]:
        measurements.append(
            Measurement(
                "permutation_importance",
                row["importance"],
                tuple(row["ci"]),
                {"feature": row["feature"]},
                {"feature": row["feature"]},
            )
        )
    if sensitive:
        share, share_ci = _sensitive_share(imp, sensitive)
        report["sensitive_importance_share"] = {
            "value": share,
            "ci": list(share_ci),
            "features": list(sensitive),
        }
        measurements.append(Measurement("sensitive_importance_share", share, share_ci))
    rng = np.random.default_rng(seed)
    values: ShapValues | None = None
    if shap:
        rows = np.sort(rng.choice(table.rows, min(shap_rows, table.rows), replace=False))
        back = rng.choice(table.rows, min(background_rows, table.rows), replace=False)
        explained = table.X.iloc[rows].reset_index(drop=True)
        values = shap_values(
            loaded, explained, table.X.iloc[back].reset_index(drop=True), method=shap_method
        )
        magnitude = np.abs(values.values).mean(axis=0)
        order = np.argsort(-magnitude, kind="stable")
        report["shap"] = {
            "method": values.method,
            "rows": len(rows),
            "background": len(back),
            "base_value": values.base,
            "mean_abs": [
                {"feature": values.features[j], "value": float(magnitude[j])} for j in order
            ],
            "by_group": {},
        }
        for column in sensitive:
            section = group_importance(
                values, table.extra[column][rows], ci=ci, seed=seed, min_group_size=min_group_size
            )
            report["shap"]["by_group"][column] = section
            gap_ci = section["max_share_gap_ci"]
            measurements.append(
                Measurement(
                    "max_group_shap_share_gap",
                    section["max_share_gap"],
                    None if gap_ci is None else tuple(gap_ci),
                    {"sensitive": column},
                    reason=section.get("reason"),
                )
            )
    wanted = (
        list(pdp)
        if pdp is not None
        else [r["feature"] for r in report["permutation_importance"][:3]]
    )
    if wanted:
        sample = rng.choice(table.rows, min(pdp_rows, table.rows), replace=False)
        frame = table.X.iloc[np.sort(sample)].reset_index(drop=True)
        report["partial_dependence"] = {}
        for feature in wanted:
            if feature not in frame.columns:
                raise InputError(f"partial dependence: {feature!r} is not a model feature")
            grid, averaged = partial_dependence(
                loaded, frame, feature, grid_resolution=grid_resolution
            )
            report["partial_dependence"][feature] = {
                "grid": grid.tolist(),
                "average": averaged.tolist(),
            }
    checks = judge(limits, measurements, assessment="explain", optional=OPTIONAL)
    report["checks"] = [c.model_dump(mode="json") for c in checks]
    report["method"] = {
        "permutation_importance": "baseline minus shuffled score; Student-t interval over repeats",
        "shap": "interventional Shapley values of the positive-class probability (or output)",
        "group_gap": "max - min share of mean |SHAP| across groups; percentile bootstrap",
        "partial_dependence": "brute-force average response over a grid (scikit-learn's grid)",
    }
    parameters = {
        "label": label,
        "features": list(imp.features),
        "sensitive": list(sensitive),
        "n_repeats": n_repeats,
        "shap": shap,
        "shap_method": shap_method,
        "shap_rows": shap_rows,
        "background_rows": background_rows,
        "pdp": wanted,
        "grid_resolution": grid_resolution,
        "min_group_size": min_group_size,
        "task": kind,
        "ci": ci,
        "max_rows": max_rows,
        "seed": seed,
    }
    evidence = Evidence.build(
        kind="explain",
        title=f"Explanation of {loaded.name} on {table.source}",
        metrics={k: v for k, v in report.items() if k not in ("checks", "method")},
        checks=checks,
        inputs=[table.ref, model_ref(loaded)],
        parameters=parameters,
        requirements=requirements,
        libraries=LIBRARIES,
    )
    return ExplainResult(imp, values, tuple(checks), evidence, report)
