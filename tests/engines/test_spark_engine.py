"""The Spark engine gives the same grouped counts as the NumPy engine (local mode)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs a Java runtime", allow_module_level=True)

from fulcrum.engines import UniformBins, get_engine  # noqa: E402
from fulcrum.engines.spark_engine import SparkEngine  # noqa: E402

pytestmark = [pytest.mark.spark, pytest.mark.slow]


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("fulcrum-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def _frame(n: int = 3_000) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, n)
    return pd.DataFrame(
        {
            "race": rng.choice(["a", "b", "c"], n),
            "sex": rng.choice(["f", "m"], n),
            "y": y,
            "pred": np.where(rng.random(n) < 0.8, y, 1 - y),
            "score": np.concatenate([rng.random(n - 3), [np.nan, -1.0, 2.0]]),
        }
    )


def _as_dict(counts) -> dict[tuple, int]:
    return {
        tuple(str(counts.keys[k][i]) for k in counts.keys): int(counts.counts[i])
        for i in range(len(counts.counts))
    }


def test_count_by_with_bins_matches_numpy(spark, tmp_path) -> None:
    frame = _frame()
    path = tmp_path / "data.parquet"
    frame.to_parquet(path)
    bins = {"score": UniformBins(0.0, 1.0, 7)}
    keys = ["race", "y", "score"]
    expected = get_engine("numpy").count_by(frame, keys, bins=bins, sums=["y"])
    engine = SparkEngine(spark)
    for source in (spark.read.parquet(str(path)), str(path)):
        got = engine.count_by(source, keys, bins=bins, sums=["y"])
        assert _as_dict(got) == _as_dict(expected)
        assert got.sums["y"].sum() == expected.sums["y"].sum()


def test_fairness_assessment_on_spark_equals_in_memory(spark, tmp_path) -> None:
    from fulcrum.assess.fairness import assess_fairness

    frame = _frame().dropna().assign(score=lambda d: d["score"].clip(0, 1))
    path = tmp_path / "data.parquet"
    frame.to_parquet(path)
    expected = assess_fairness(
        frame, label="y", pred="pred", sensitive=["race", "sex"], score="score"
    )
    got = assess_fairness(
        spark.read.parquet(str(path)),
        label="y",
        pred="pred",
        sensitive=["race", "sex"],
        score="score",
        engine=SparkEngine(spark),
    )
    assert got.counts.groups == expected.counts.groups
    np.testing.assert_array_equal(got.counts.confusion, expected.counts.confusion)
    assert got.counts.scores is not None and expected.counts.scores is not None
    np.testing.assert_array_equal(got.counts.scores.hist, expected.counts.scores.hist)


def test_weights_and_exact_auc_on_spark_equal_sklearn(spark, tmp_path) -> None:
    from sklearn.metrics import roc_auc_score

    from fulcrum.assess.fairness import assess_fairness

    frame = _frame().dropna()
    frame["w"] = np.random.default_rng(1).uniform(0.5, 2.0, len(frame))
    path = tmp_path / "weighted.parquet"
    frame.to_parquet(path)
    got = assess_fairness(
        spark.read.parquet(str(path)),
        label="y",
        pred="pred",
        sensitive=["race"],
        score="score",
        sample_weight="w",
        engine=SparkEngine(spark),
        mitigation=False,
    )
    expected = assess_fairness(
        frame, label="y", pred="pred", sensitive=["race"], score="score", sample_weight="w"
    )
    np.testing.assert_allclose(got.counts.confusion, expected.counts.confusion)
    for row in got.to_dict()["groups"]:
        part = frame[frame["race"] == row["group"]["race"]]
        assert row["auc"] == pytest.approx(
            roc_auc_score(part["y"], part["score"], sample_weight=part["w"]), abs=1e-12
        )
