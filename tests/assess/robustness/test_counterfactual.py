"""Counterfactual flips against hand-counted cases on COMPAS."""

from __future__ import annotations

import numpy as np
import pytest

from fulcrum.assess.robustness import assess_robustness
from fulcrum.assess.robustness._messages import TOO_MANY_VALUES
from fulcrum.errors import DataError

from ._compas import compas


def _rule(X):
    # men are flagged from 3 priors, everyone else from 6: rows with 3-5 priors depend on sex
    cut = np.where(X["sex"].to_numpy() == "Male", 2, 5)
    return (X["priors_count"].to_numpy() > cut).astype(int)


def _run(model, sensitive, features=("priors_count", "sex", "race")):
    frame = compas()
    return assess_robustness(
        model,
        frame,
        label="two_year_recid",
        features=list(features),
        sensitive=sensitive,
        corruptions=["gaussian"],
        severities={"gaussian": [0.1]},
        stability_repeats=1,
    )


def test_flips_equal_the_hand_count() -> None:
    frame = compas()
    result = _run(_rule, ["sex", "race"])
    sex, race = result.report["counterfactual"]
    expected = frame["priors_count"].between(3, 5)
    assert sex["flip_rate"] == pytest.approx(expected.mean())
    for group in sex["groups"]:
        rows = frame["sex"] == group["group"]
        assert group["n"] == int(rows.sum())
        assert group["flip_rate"] == pytest.approx(expected[rows].mean())
        lo, hi = group["flip_rate_ci"]
        assert lo <= group["flip_rate"] <= hi
    assert race["flip_rate"] == 0.0  # the rule never reads race


def test_attribute_the_model_does_not_take() -> None:
    result = _run(
        lambda X: (X["priors_count"] > 3).astype(int), ["race"], features=("priors_count",)
    )
    section = result.report["counterfactual"][0]
    assert section["flip_rate"] == 0.0 and "not a model input" in section["note"]


def test_threshold_reads_every_group() -> None:
    frame = compas()
    result = assess_robustness(
        _rule,
        frame,
        label="two_year_recid",
        features=["priors_count", "sex"],
        sensitive=["sex"],
        corruptions=["gaussian"],
        severities={"gaussian": [0.1]},
        stability_repeats=1,
        thresholds=["counterfactual_flip_rate<=0.01"],
    )
    verdicts = {(c.group or {}).get("sex", "all"): c.verdict for c in result.checks}
    assert verdicts == {"all": "fail", "Male": "fail", "Female": "fail"}


def test_continuous_attribute_is_refused() -> None:
    with pytest.raises(DataError) as info:
        _run(_rule, ["priors_count"])
    assert "sensitive column 'priors_count' has" in str(info.value)
    assert str(info.value).endswith(TOO_MANY_VALUES.split("; ")[1].format(limit=20))


def test_robustness_per_group() -> None:
    # Given a model that reads priors for men and always says 0 for women
    def rule(X):
        return ((X["sex"].to_numpy() == "Male") & (X["priors_count"].to_numpy() > 3)).astype(int)

    frame = compas()
    result = assess_robustness(
        rule,
        frame,
        label="two_year_recid",
        features=["priors_count", "sex"],
        sensitive=["sex"],
        corruptions=["gaussian"],
        severities={"gaussian": [0.5]},
        stability_repeats=1,
        thresholds=["group_flip_rate<=0.01"],
    )
    # Then noise flips men's predictions only, and the drop per group is paired by row
    groups = result.report["curves"]["gaussian"]["points"][0]["by_group"]["sex"]
    assert groups["Female"]["flip_rate"] == 0.0 and groups["Female"]["accuracy_drop"] == 0.0
    assert groups["Male"]["flip_rate"] > 0.05
    assert groups["Male"]["n"] + groups["Female"]["n"] == len(frame)
    verdicts = {c.group["sex"]: c.verdict for c in result.checks}
    assert verdicts == {"Female": "pass", "Male": "fail"}


def test_evidence_with_flips_is_accepted_by_the_record_check() -> None:
    # The attribute's values are categories, not personal samples: a stored record must pass
    from fulcrum.trust import check_record

    result = _run(_rule, ["sex"])
    record = result.evidence.model_dump(mode="json")
    assert check_record(record).id == result.evidence.id
    assert sorted(result.report["counterfactual"][0]["swapped_values"]) == ["Female", "Male"]
