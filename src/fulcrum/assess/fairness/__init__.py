"""Fairness assessment: group and intersectional metrics with honest intervals.

The rows are scanned once into counts: per sensitive group (one column, or
several for intersectional groups), the confusion counts of the true label and
the prediction and, with scores, score histograms. Every metric (selection rate,
accuracy, TPR, FPR, FNR, TNR, PPV, NPV, FDR, FOR, F1, base rate, ROC AUC,
calibration), every disparity (differences and ratios between groups or to a
reference; demographic parity, equalized odds, equal opportunity, predictive
parity, accuracy parity, the four-fifths rule), every interval (Wilson per
group, simultaneous Newcombe for gaps), test (chi-square or exact) and bootstrap
replicate (a multinomial draw of the cells) is then arithmetic on those counts,
so the cost does not grow with the rows. The scan runs in memory (NumPy),
streams files through DuckDB, or runs on Spark.

``assess_fairness`` returns a ``FairnessResult`` whose ``evidence`` is the
record a review cites; ``metric_frame`` and the ``*_difference`` / ``*_ratio``
functions mirror Fairlearn's API on arrays (lists, arrays, Series; with
``sample_weight`` and ``pos_label``), and AIF360's average odds difference,
generalized entropy and Theil indexes complete them. Mitigation can be applied:
``fit_thresholds`` returns group-specific randomised thresholds (Fairlearn's
``ThresholdOptimizer`` method) with ``.predict``, ``.save`` and ``.load``, and
``reweighing`` gives training weights (AIF360's ``Reweighing``); both report
what they cost.
"""

from fulcrum.assess.fairness._assess import FairnessResult, assess_fairness
from fulcrum.assess.fairness._bootstrap import resample_counts
from fulcrum.assess.fairness._counts import (
    FairnessCounts,
    ScoreCounts,
    count_in_memory,
    count_with_engine,
)
from fulcrum.assess.fairness._disparity import Measure, disparity_measures
from fulcrum.assess.fairness._frame import GroupMetrics
from fulcrum.assess.fairness._functions import (
    average_odds_difference,
    between_group_generalized_entropy_index,
    between_group_theil_index,
    demographic_parity_difference,
    demographic_parity_ratio,
    equal_opportunity_difference,
    equal_opportunity_ratio,
    equalized_odds_difference,
    equalized_odds_ratio,
    generalized_entropy_index,
    metric_frame,
    theil_index,
)
from fulcrum.assess.fairness._intervals import gap_interval, homogeneity_test, newcombe, wilson
from fulcrum.assess.fairness._mitigation import threshold_search, tradeoff
from fulcrum.assess.fairness._plot import plot_metrics
from fulcrum.assess.fairness._postprocess import (
    ThresholdRule,
    fit_thresholds,
    fit_thresholds_from_counts,
)
from fulcrum.assess.fairness._rates import (
    METRICS,
    confusion_counts,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
    true_negative_rate,
    true_positive_rate,
)
from fulcrum.assess.fairness._reweighing import Reweighing, reweighing
from fulcrum.assess.fairness._scores import calibration, roc_auc

__all__ = [
    "METRICS",
    "FairnessCounts",
    "FairnessResult",
    "GroupMetrics",
    "Measure",
    "Reweighing",
    "ScoreCounts",
    "ThresholdRule",
    "assess_fairness",
    "average_odds_difference",
    "between_group_generalized_entropy_index",
    "between_group_theil_index",
    "calibration",
    "confusion_counts",
    "count_in_memory",
    "count_with_engine",
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "disparity_measures",
    "equal_opportunity_difference",
    "equal_opportunity_ratio",
    "equalized_odds_difference",
    "equalized_odds_ratio",
    "false_negative_rate",
    "false_positive_rate",
    "fit_thresholds",
    "fit_thresholds_from_counts",
    "gap_interval",
    "generalized_entropy_index",
    "homogeneity_test",
    "metric_frame",
    "newcombe",
    "plot_metrics",
    "resample_counts",
    "reweighing",
    "roc_auc",
    "selection_rate",
    "theil_index",
    "threshold_search",
    "tradeoff",
    "true_negative_rate",
    "true_positive_rate",
    "wilson",
]
