"""Per-column scans of CSV, Parquet, pandas and SQL tables; streaming in batches."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from fulcrum.assess.privacy import scan_table
from fulcrum.errors import DataError, InputError

ID = "11010519491231002X"


def _frame(n: int = 40) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [ID if i % 4 == 0 else f"row{i}" for i in range(n)],
            "contact": [f"13800138{i:03d}" if i % 2 else f"u{i}@example.com" for i in range(n)],
            "amount": list(range(n)),
        }
    )


def _types(result: object) -> dict[str, dict[str, int]]:
    return {
        c["name"]: {e["type"]: e["count"] for e in c["entities"]}
        for c in result.to_dict()["columns"]  # type: ignore[attr-defined]
    }


@pytest.mark.parametrize("kind", ["csv", "parquet", "pandas"])
def test_counts_per_column(tmp_path: Path, kind: str) -> None:
    df = _frame()
    source: object = df
    if kind == "csv":
        source = tmp_path / "t.csv"
        df.to_csv(source, index=False)
    elif kind == "parquet":
        source = tmp_path / "t.parquet"
        df.to_parquet(source)
    result = scan_table(source, batch_rows=7)  # several batches
    assert result.rows == 40
    assert _types(result) == {
        "id": {"CN_RESIDENT_ID": 10},
        "contact": {"CN_MOBILE": 20, "EMAIL": 20},
        "amount": {},
    }
    column = result.to_dict()["columns"][0]
    assert column["entities"][0]["share"] == pytest.approx(0.25)
    assert all(ID not in s and "*" in s for s in column["entities"][0]["samples"])


def test_sql_table(tmp_path: Path) -> None:
    sa = pytest.importorskip("sqlalchemy")
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = sa.create_engine(url)
    _frame().to_sql("people", engine, index=False)
    engine.dispose()
    assert _types(scan_table(url, table="people", batch_rows=16))["id"] == {"CN_RESIDENT_ID": 10}
    with pytest.raises(DataError, match="no table 'nobody'"):
        scan_table(url, table="nobody")
    with pytest.raises(InputError, match="needs --table"):
        scan_table(url)


def test_values_never_merge_across_cells() -> None:
    df = pd.DataFrame({"a": ["1380013", "8000", "x"]})
    assert _types(scan_table(df)) == {"a": {}}


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        scan_table(tmp_path / "nope.csv")
