"""Explainability assessment: which features drive a model, overall and per group.

Permutation importance shuffles one feature at a time and measures the loss of
accuracy (or R²), with a Student-t interval over repeats; its shuffles are
scikit-learn's, so the numbers equal ``sklearn.inspection.permutation_importance``.
SHAP values are exact interventional Shapley values for up to 12 features (any
model, equal to TreeSHAP on trees) or come from ``shap`` (the ``explain`` extra).
Mean |SHAP| per sensitive group shows features that act differently across groups;
partial dependence follows scikit-learn's grid and brute-force average. The
``Evidence`` is judged against catalog thresholds (EU AI Act Art. 13, NIST AI RMF
MEASURE 2.9) and carries the model's content hash.
"""

from fulcrum.assess.explain._assess import ExplainResult, assess_explain
from fulcrum.assess.explain._pdp import grid_for, partial_dependence
from fulcrum.assess.explain._permutation import Importances, permutation_importance
from fulcrum.assess.explain._plot import plot_explanation
from fulcrum.assess.explain._shapley import (
    MAX_EXACT,
    ShapValues,
    exact_shapley,
    group_importance,
    shap_values,
)

__all__ = [
    "MAX_EXACT",
    "ExplainResult",
    "Importances",
    "ShapValues",
    "assess_explain",
    "exact_shapley",
    "grid_for",
    "group_importance",
    "partial_dependence",
    "permutation_importance",
    "plot_explanation",
    "shap_values",
]
