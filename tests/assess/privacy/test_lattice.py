"""The lattice search against brute force over every node."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fulcrum.assess.privacy import parse_hierarchy, search_lattice
from fulcrum.engines import get_engine
from fulcrum.errors import InputError


def _data(seed: int = 2, n: int = 600) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "age": rng.integers(18, 80, n),
            "zip": rng.choice([f"10{i:02d}{j}" for i in range(12) for j in range(4)], n),
            "sex": rng.choice(["f", "m"], n),
            "dx": rng.choice(["a", "b", "c"], n),
        }
    )


def _brute(df: pd.DataFrame, hier: dict, k: int, budget: int, l_target: int | None) -> set:
    """Minimal nodes found by transforming the rows directly (no counts, no pruning)."""
    ok = []
    cols = list(hier)
    for node in itertools.product(*[range(hier[c].height + 1) for c in cols]):
        g = pd.DataFrame(
            {
                c: hier[c].generalise(df[c].to_numpy(dtype=object), lvl)
                for c, lvl in zip(cols, node, strict=True)
            }
        )
        g["dx"] = df["dx"].to_numpy()
        sizes = g.groupby(cols, dropna=False)["dx"].transform("size")
        bad = sizes < k
        if l_target:
            distinct = g.groupby(cols, dropna=False)["dx"].transform("nunique")
            bad |= distinct < l_target
        if bad.sum() <= budget and (~bad).any():
            ok.append(node)
    return {
        n
        for n in ok
        if not any(m != n and all(a <= b for a, b in zip(m, n, strict=True)) for m in ok)
    }


@pytest.mark.parametrize(("k", "supp", "l_target"), [(3, 0.0, None), (5, 0.02, None), (4, 0.01, 2)])
def test_search_finds_a_minimal_node(k: int, supp: float, l_target: int | None) -> None:
    df = _data()
    hier = {
        "age": parse_hierarchy("interval:5,10,20"),
        "zip": parse_hierarchy("prefix:5"),
        "sex": parse_hierarchy("suppress"),
    }
    counts = get_engine("numpy").count_by(df, ["age", "zip", "sex", "dx"])
    found = search_lattice(
        counts, hier, k=k, max_suppression=supp, l_target=l_target, sensitive="dx"
    )
    expected = _brute(df, hier, k, int(supp * len(df)), l_target)
    assert found is not None
    node = tuple(found.levels[c] for c in hier)
    assert node in expected
    assert found.minimal_nodes == len(expected)
    assert found.k >= k
    assert found.evaluated_nodes <= found.lattice_size


def test_unreachable_target_gives_none() -> None:
    df = pd.DataFrame({"a": ["x", "y"], "dx": ["p", "q"]})
    counts = get_engine("numpy").count_by(df, ["a", "dx"])
    assert search_lattice(counts, {"a": parse_hierarchy("suppress")}, k=3) is None


def test_hierarchy_table_file(tmp_path: Path) -> None:
    path = tmp_path / "dx.csv"
    path.write_text("flu;respiratory;*\ncold;respiratory;*\nhiv;infectious;*\n")
    h = parse_hierarchy(str(path))
    values = np.asarray(["flu", "hiv"], dtype=object)
    assert list(h.generalise(values, 1)) == ["respiratory", "infectious"]
    assert list(h.generalise(values, 2)) == ["*", "*"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("interval:-5", "positive widths"),
        ("prefix:x", "prefix length must be >= 1"),
        ("nothing-here.csv", "not interval"),
    ],
)
def test_bad_hierarchy_specs(spec: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_hierarchy(spec)


def test_k_below_two_is_refused() -> None:
    counts = get_engine("numpy").count_by({"a": ["x"]}, ["a"])
    with pytest.raises(InputError, match="k must be >= 2, got 1"):
        search_lattice(counts, {"a": parse_hierarchy("suppress")}, k=1)
