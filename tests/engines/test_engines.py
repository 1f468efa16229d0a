"""Every engine gives the same grouped counts as a plain pandas groupby."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fulcrum.engines import UniformBins, get_engine
from fulcrum.errors import DataError, EngineError

ENGINES = ["numpy", "duckdb"]


def _frame(n: int = 2_000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "a": rng.choice(["x", "y", "z"], n),
            "b": rng.integers(0, 4, n),
            "s": rng.random(n),
        }
    )


def _as_dict(counts) -> dict[tuple, int]:
    keys = list(counts.keys)
    return {
        tuple(str(counts.keys[k][i]) for k in keys): int(counts.counts[i])
        for i in range(len(counts.counts))
    }


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("as_file", [False, True])
def test_count_by_matches_pandas_groupby(engine: str, as_file: bool, tmp_path) -> None:
    frame = _frame()
    source = frame
    if as_file:
        source = tmp_path / "data.parquet"
        frame.to_parquet(source)
    bins = UniformBins(0.0, 1.0, 5)
    result = get_engine(engine).count_by(source, ["a", "b", "s"], bins={"s": bins}, sums=["s"])
    expected = frame.assign(s_bin=bins.index(frame["s"].to_numpy())).groupby(["a", "b", "s_bin"])
    oracle = {tuple(map(str, k)): int(v) for k, v in expected.size().items()}
    assert _as_dict(result) == oracle
    assert result.total == len(frame)
    assert np.isclose(result.sums["s"].sum(), frame["s"].sum())


def test_uniform_bins_edges_and_missing() -> None:
    bins = UniformBins(0.0, 1.0, 4)
    idx = bins.index(np.array([-1.0, 0.0, 0.25, 0.999, 1.0, 5.0, np.nan]))
    assert idx.tolist() == [0, 0, 1, 3, 3, 3, -1]


def test_missing_column_is_named() -> None:
    with pytest.raises(DataError, match="no column 'nope'"):
        get_engine("numpy").count_by(_frame(), ["nope"])


def test_unknown_engine() -> None:
    with pytest.raises(EngineError, match="unknown engine 'abacus'"):
        get_engine("abacus")
