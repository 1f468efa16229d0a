"""The array functions accept what Fairlearn accepts and give Fairlearn's (or AIF360's) numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest
from fairlearn.metrics import MetricFrame
from fairlearn.metrics import demographic_parity_difference as fl_dpd
from fairlearn.metrics import equalized_odds_difference as fl_eod
from fairlearn.metrics import false_positive_rate as fl_fpr
from fairlearn.metrics import selection_rate as fl_selection_rate
from fairlearn.metrics import true_positive_rate as fl_tpr
from hypothesis import given, settings
from hypothesis import strategies as st

from fulcrum.assess.fairness import (
    average_odds_difference,
    between_group_generalized_entropy_index,
    between_group_theil_index,
    demographic_parity_difference,
    equalized_odds_difference,
    false_positive_rate,
    generalized_entropy_index,
    metric_frame,
    selection_rate,
    theil_index,
    true_positive_rate,
)
from fulcrum.assess.fairness._messages import BAD_WEIGHTS, NOT_BINARY
from fulcrum.errors import DataError, InputError

from ._data import random_frame

Y = [1, 0, 1, 0, 1, 1]
P = [1, 1, 0, 0, 1, 0]
G = ["a", "a", "b", "b", "a", "b"]


@pytest.mark.parametrize(
    "form",
    [
        lambda g: g,
        lambda g: np.asarray(g),
        lambda g: pd.Series(g, name="grp"),
        lambda g: pl.Series("grp", g),
        lambda g: tuple(g),
    ],
    ids=["list", "ndarray", "series", "polars", "tuple"],
)
def test_metric_frame_call_forms_equal_fairlearn(form) -> None:
    ours = metric_frame(Y, P, sensitive_features=form(G))
    oracle = MetricFrame(
        metrics=fl_selection_rate, y_true=Y, y_pred=P, sensitive_features=np.asarray(G)
    )
    assert ours.by_group["selection_rate"].tolist() == pytest.approx(oracle.by_group.tolist())


def test_two_features_as_2d_array_dataframe_or_mapping() -> None:
    other = ["x", "y", "x", "y", "y", "x"]
    oracle = MetricFrame(
        metrics=fl_selection_rate,
        y_true=Y,
        y_pred=P,
        sensitive_features=pd.DataFrame({"g": G, "o": other}),
    ).by_group
    for features in (
        np.column_stack([G, other]),
        pd.DataFrame({"g": G, "o": other}),
        {"g": G, "o": other},
        [np.asarray(G), np.asarray(other)],
    ):
        frame = metric_frame(Y, P, sensitive_features=features)
        assert frame.by_group["selection_rate"].tolist() == pytest.approx(oracle.tolist())


def test_by_group_is_a_dataframe_and_reprs_are_short() -> None:
    frame = metric_frame(Y, P, sensitive_features=pd.Series(G, name="grp"))
    assert isinstance(frame.by_group, pd.DataFrame)
    assert frame.by_group.index.name == "grp"
    assert isinstance(frame.overall, pd.Series)
    assert len(repr(frame)) < 200
    assert len(repr(frame.counts)) < 200


@pytest.mark.parametrize("seed", [0, 1])
def test_weighted_metrics_equal_fairlearn(seed: int) -> None:
    data = random_frame(2_000, seed)
    w = np.random.default_rng(seed).uniform(0.0, 4.0, len(data))
    oracle = MetricFrame(
        metrics={"selection_rate": fl_selection_rate, "tpr": fl_tpr, "fpr": fl_fpr},
        y_true=data["y"],
        y_pred=data["pred"],
        sensitive_features=data["race"],
        sample_params={k: {"sample_weight": w} for k in ("selection_rate", "tpr", "fpr")},
    ).by_group
    ours = metric_frame(
        data["y"], data["pred"], sensitive_features=data["race"], sample_weight=w
    ).by_group
    for name in ("selection_rate", "tpr", "fpr"):
        np.testing.assert_allclose(ours[name].to_numpy(), oracle[name].to_numpy(), rtol=1e-12)
    assert demographic_parity_difference(
        data["y"], data["pred"], sensitive_features=data["race"], sample_weight=w
    ) == pytest.approx(
        fl_dpd(data["y"], data["pred"], sensitive_features=data["race"], sample_weight=w)
    )
    assert equalized_odds_difference(
        data["y"], data["pred"], sensitive_features=data["race"], sample_weight=w
    ) == pytest.approx(
        fl_eod(data["y"], data["pred"], sensitive_features=data["race"], sample_weight=w)
    )


def test_base_metrics_equal_fairlearn_with_weights_and_pos_label() -> None:
    rng = np.random.default_rng(4)
    y = rng.choice(["hired", "rejected"], 500)
    p = rng.choice(["hired", "rejected"], 500)
    w = rng.uniform(0.5, 2.0, 500)
    for ours, theirs in (
        (selection_rate, fl_selection_rate),
        (true_positive_rate, fl_tpr),
        (false_positive_rate, fl_fpr),
    ):
        assert ours(y, p, pos_label="hired", sample_weight=w) == pytest.approx(
            theirs(y, p, pos_label="hired", sample_weight=w)
        )


def test_base_metrics_validate_their_inputs() -> None:
    with pytest.raises(DataError, match="the y_pred must be binary"):
        selection_rate([1, 0], [0.7, 0.2])
    with pytest.raises(DataError, match="different lengths"):
        selection_rate([1, 0, 1], [1, 0])
    with pytest.raises(DataError, match="missing values"):
        true_positive_rate([1, np.nan], [1, 0])
    with pytest.raises(DataError, match=BAD_WEIGHTS.split(";")[0]):
        selection_rate([1, 0], [1, 0], sample_weight=[1.0, -1.0])
    assert NOT_BINARY.startswith("column")


def test_a_string_is_not_taken_for_a_column_without_data() -> None:
    with pytest.raises(InputError, match="names a column but no data was given"):
        demographic_parity_difference(Y, P, sensitive_features="g")


def test_one_vs_rest_for_multiclass_labels() -> None:
    y = ["cat", "dog", "bird", "cat", "dog", "bird"]
    p = ["cat", "cat", "bird", "dog", "dog", "cat"]
    with pytest.raises(DataError, match="must be binary"):
        metric_frame(y, p, sensitive_features=G, pos_label="cat")
    frame = metric_frame(y, p, sensitive_features=G, pos_label="cat", one_vs_rest=True)
    yb = [v == "cat" for v in y]
    pb = [v == "cat" for v in p]
    oracle = MetricFrame(metrics=fl_tpr, y_true=yb, y_pred=pb, sensitive_features=G).by_group
    assert frame.by_group["tpr"].tolist() == pytest.approx(oracle.tolist(), nan_ok=True)


# -- AIF360 formulas, computed row by row from their documented definitions -------------------


def _benefits(y, p) -> np.ndarray:
    return np.asarray(p, dtype=float) - np.asarray(y, dtype=float) + 1.0


def _ge_rows(b: np.ndarray, alpha: float) -> float:
    mu = b.mean()
    if alpha == 1:
        x = b / mu
        return float(np.mean(np.where(x > 0, x * np.log(np.where(x > 0, x, 1)), 0)))
    return float(np.mean((b / mu) ** alpha - 1) / (alpha * (alpha - 1)))


rows_strategy = st.lists(
    st.tuples(st.integers(0, 1), st.integers(0, 1), st.sampled_from("abc")),
    min_size=4,
    max_size=80,
).filter(lambda r: any(p - y + 1 > 0 for y, p, _ in r))


@settings(max_examples=60, deadline=None)
@given(rows_strategy, st.sampled_from([0.5, 1.0, 2.0, 3.0]))
def test_entropy_indexes_equal_the_aif360_definitions(rows, alpha) -> None:
    y = [r[0] for r in rows]
    p = [r[1] for r in rows]
    g = np.asarray([r[2] for r in rows])
    b = _benefits(y, p)
    assert generalized_entropy_index(y, p, alpha=alpha) == pytest.approx(_ge_rows(b, alpha))
    group_means = np.array([b[g == v].mean() for v in g])
    assert between_group_generalized_entropy_index(
        y, p, sensitive_features=g, alpha=alpha
    ) == pytest.approx(_ge_rows(group_means, alpha), abs=1e-12)


def test_theil_indexes_are_alpha_one() -> None:
    data = random_frame(1_000, 5)
    b = _benefits(data["y"], data["pred"])
    assert theil_index(data["y"], data["pred"]) == pytest.approx(_ge_rows(b, 1.0))
    means = data.assign(b=b).groupby("race")["b"].transform("mean").to_numpy()
    assert between_group_theil_index(
        data["y"], data["pred"], sensitive_features=data["race"]
    ) == pytest.approx(_ge_rows(means, 1.0))


def test_average_odds_difference_is_aif360s() -> None:
    data = random_frame(2_000, 6)
    priv = data[data["sex"] == "m"]
    unpriv = data[data["sex"] == "f"]

    def rates(part: pd.DataFrame) -> tuple[float, float]:
        return fl_tpr(part["y"], part["pred"]), fl_fpr(part["y"], part["pred"])

    (tpr_p, fpr_p), (tpr_u, fpr_u) = rates(priv), rates(unpriv)
    expected = 0.5 * ((fpr_u - fpr_p) + (tpr_u - tpr_p))
    got = average_odds_difference(
        data["y"], data["pred"], sensitive_features=data["sex"], reference="m"
    )
    assert got == pytest.approx(expected)
    unsigned = average_odds_difference(data["y"], data["pred"], sensitive_features=data["sex"])
    assert unsigned == pytest.approx(abs(expected))


def test_plots_take_ax_and_leave_the_backend_alone(tmp_path) -> None:
    import matplotlib

    from fulcrum.assess.fairness import plot_metrics

    before = matplotlib.get_backend()
    frame = metric_frame(Y, P, sensitive_features=G)
    figure = plot_metrics(frame, tmp_path / "bars.png")
    assert (tmp_path / "bars.png").stat().st_size > 0
    assert len(figure.axes) == 9
    own = matplotlib.figure.Figure().subplots()
    assert plot_metrics(frame, ax=own, metrics=["tpr"]) is own.figure
    assert own.get_title() == "tpr"
    assert matplotlib.get_backend() == before


@pytest.mark.parametrize(
    "text", ["x<=nan", "fpr=>0.1", "fpr==0.1", "fpr<=inf", "fpr<=0.1 extra", "<=0.1", "fpr<="]
)
def test_malformed_thresholds_are_refused(text: str) -> None:
    from fulcrum.assess.fairness import assess_fairness

    with pytest.raises(InputError, match="is not METRIC OP NUMBER"):
        assess_fairness(
            {"y": Y, "p": P, "g": G}, label="y", pred="p", sensitive="g", thresholds=[text]
        )


def test_assessment_repr_is_short() -> None:
    from fulcrum.assess.fairness import assess_fairness

    result = assess_fairness(random_frame(2_000), label="y", pred="pred", sensitive=["race", "sex"])
    assert len(repr(result)) < 200
