"""Robustness assessment: how a model's predictions hold up when its inputs go wrong.

A model (scikit-learn via skops, ONNX, an HTTP endpoint or a Python callable; see
``load_model``) is run on clean rows once, then on corrupted copies: Gaussian noise
scaled per feature, missing values, category swaps and out-of-range values, each
as a curve over severity (accuracy, its paired drop and the flip rate, with
intervals). Prediction stability is the flip rate under small noise; counterfactual
sensitivity counts predictions that change when only a sensitive attribute does;
a black-box adversarial search (ART's HopSkipJump, or a built-in random-direction
bound) reports the smallest change found that flips a prediction. Every result is a
``Measurement`` that catalog thresholds (EU AI Act Art. 15, NIST AI RMF MEASURE 2.5,
ISO/IEC 42001 A.6.2.4) are judged against, and the ``Evidence`` carries the
model's content hash.
"""

from fulcrum.assess.robustness._assess import RobustnessResult, assess_robustness, model_ref
from fulcrum.assess.robustness._checks import Measurement, judge
from fulcrum.assess.robustness._corrupt import (
    CORRUPTIONS,
    DEFAULT_SEVERITIES,
    category_swap,
    gaussian,
    missing,
    out_of_range,
)
from fulcrum.assess.robustness._data import Table, load_table
from fulcrum.assess.robustness._models import (
    Model,
    from_callable,
    from_estimator,
    load_model,
)
from fulcrum.assess.robustness._plot import plot_curves

__all__ = [
    "CORRUPTIONS",
    "DEFAULT_SEVERITIES",
    "Measurement",
    "Model",
    "RobustnessResult",
    "Table",
    "assess_robustness",
    "category_swap",
    "from_callable",
    "from_estimator",
    "gaussian",
    "judge",
    "load_model",
    "load_table",
    "missing",
    "model_ref",
    "out_of_range",
    "plot_curves",
]
