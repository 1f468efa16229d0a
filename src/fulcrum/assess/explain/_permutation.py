"""Permutation importance with intervals over repeats, equal to scikit-learn's numbers.

Each feature's column is shuffled ``n_repeats`` times and the model re-scored; the
importance is the baseline score minus the shuffled score. The shuffles are drawn
exactly as ``sklearn.inspection.permutation_importance`` draws them for the same
integer ``random_state``, so the two agree to the last digit, but the work is done
in place on one working copy (a column is swapped in and restored), and accuracy is
one vectorised comparison, which is where the speed comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from fulcrum.assess.robustness import Model
from fulcrum.assess.robustness._data import is_numeric
from fulcrum.assess.robustness._metrics import score, z_value


@dataclass(frozen=True)
class Importances:
    """Importance per feature and repeat, with the mean, standard deviation and interval."""

    features: tuple[str, ...]
    baseline: float
    importances: np.ndarray
    ci: float

    @property
    def mean(self) -> np.ndarray:
        """Mean importance per feature."""
        return self.importances.mean(axis=1)

    @property
    def std(self) -> np.ndarray:
        """Standard deviation over repeats (``ddof=0``, as scikit-learn reports it)."""
        return self.importances.std(axis=1)

    def interval(self) -> tuple[np.ndarray, np.ndarray]:
        """Student-t interval of the mean over repeats (the shuffles' randomness)."""
        return t_interval(self.importances, self.ci)

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per feature, most important first."""
        lo, hi = self.interval()
        order = np.argsort(-self.mean, kind="stable")
        return [
            {
                "feature": self.features[j],
                "importance": float(self.mean[j]),
                "std": float(self.std[j]),
                "ci": [float(lo[j]), float(hi[j])],
            }
            for j in order
        ]


def t_quantile(level: float, df: int) -> float:
    """Student-t two-sided quantile (SciPy when installed, else the normal one)."""
    try:
        from scipy.stats import t
    except ModuleNotFoundError:
        return z_value(level)
    return float(t.ppf(0.5 + level / 2.0, df))


def t_interval(values: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Interval of the row means of ``values`` (rows: quantities, columns: repeats)."""
    repeats = values.shape[1]
    mean = values.mean(axis=1)
    if repeats < 2:
        return mean.copy(), mean.copy()
    half = t_quantile(level, repeats - 1) * values.std(axis=1, ddof=1) / np.sqrt(repeats)
    return mean - half, mean + half


def _working_copy(model: Model, X: Any) -> tuple[Any, bool]:
    estimator = model.estimator
    numeric = all(is_numeric(X[c]) for c in X.columns)
    if estimator is not None and getattr(estimator, "feature_names_in_", None) is None and numeric:
        # row-major, as estimators read rows (a DataFrame's own layout is column-major)
        return np.array(X.to_numpy(dtype=np.float64), order="C", copy=True), True
    return X.copy(), False


def permutation_importance(
    model: Model,
    X: Any,
    y: np.ndarray,
    *,
    task: str = "classification",
    n_repeats: int = 5,
    random_state: int = 0,
    ci: float = 0.95,
    baseline_pred: np.ndarray | None = None,
) -> Importances:
    """Permutation importance of every column of ``X`` (see the module docstring).

    Parameters
    ----------
    model : Model
    X : pandas.DataFrame
    y : array
    task : {"classification", "regression"}
        Accuracy or R² is the score.
    n_repeats : int, default 5
    random_state : int, default 0
        The same integer gives scikit-learn's shuffles.
    ci : float, default 0.95
    baseline_pred : array, optional
        Predictions on the clean ``X`` when already known.

    Returns
    -------
    Importances

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from fulcrum.assess.robustness import from_callable
    >>> X = pd.DataFrame({"a": np.arange(100.0), "b": np.zeros(100)})
    >>> model = from_callable(lambda X: (X["a"] > 49).astype(int))
    >>> imp = permutation_importance(model, X, (X["a"] > 49).astype(int).to_numpy())
    >>> bool(imp.mean[0] > 0.3), float(imp.mean[1])
    (True, 0.0)
    """
    n = len(X)
    state = np.random.RandomState(random_state)
    seed = state.randint(np.iinfo(np.int32).max + 1)
    pred = model.predict(X) if baseline_pred is None else baseline_pred
    baseline = score(task, y, np.asarray(pred))
    work, is_array = _working_copy(model, X)
    columns = [str(c) for c in X.columns]
    out = np.empty((len(columns), n_repeats))
    for j, column in enumerate(columns):
        original = work[:, j].copy() if is_array else work[column].to_numpy(copy=True)
        shuffles = np.random.RandomState(seed)
        index = np.arange(n)
        current = original
        for r in range(n_repeats):
            shuffles.shuffle(index)
            current = current[index]  # shuffles compound, as scikit-learn's do
            if is_array:
                work[:, j] = current
                shuffled = model.predict_fn(work)
            else:
                work[column] = current
                shuffled = model.predict(work)
            out[j, r] = baseline - score(task, y, np.asarray(shuffled).reshape(n))
        if is_array:
            work[:, j] = original
        else:
            work[column] = X[column]
    return Importances(tuple(columns), baseline, out, ci)
