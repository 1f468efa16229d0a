"""De-identification of CSV and Parquet tables, one batch at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fulcrum.assess.privacy._analyzer import Analyzer
from fulcrum.assess.privacy._deidentify import DeidSummary, deidentify_text, is_scan
from fulcrum.assess.privacy._operators import Operators
from fulcrum.assess.privacy._policy import Policy, Suppress
from fulcrum.assess.privacy._progress import progress_bar
from fulcrum.assess.privacy._tables import column_strings, iter_batches


def deidentify_table_file(
    src: Path,
    tmp: Path,
    kind: str,
    policy: Policy,
    analyzer: Analyzer,
    operators: Operators,
    summary: DeidSummary,
    progress: bool | None,
) -> None:
    """Write the de-identified table to ``tmp`` (CSV or Parquet like the input)."""
    import pyarrow as pa

    writer: Any = None
    rows = 0
    try:
        with progress_bar(progress, total=None, description=f"de-identifying {src.name}") as adv:
            for batch in iter_batches(src):
                if writer is None:
                    for name in batch.schema.names:
                        op = policy.columns.get(name)
                        if is_scan(op):
                            summary.columns[name] = {
                                "name": name, "operator": "scan", "found": {}, "changed": 0,
                                "kept": {},
                            }  # fmt: skip
                        else:
                            operator = op.operator  # type: ignore[union-attr]
                            summary.columns[name] = {
                                "name": name, "operator": operator, "changed": 0
                            }  # fmt: skip
                arrays = [
                    _column(name, column, policy, analyzer, operators, summary, rows)
                    for name, column in zip(batch.schema.names, batch.columns, strict=True)
                ]
                out = pa.record_batch(arrays, names=batch.schema.names)
                if writer is None:
                    writer = _open_writer(tmp, kind, out.schema, src)
                writer.write_batch(out) if kind == "parquet" else writer.write(out)
                rows += batch.num_rows
                adv(batch.num_rows)
        if writer is None:  # empty input: copy the header only
            writer = _open_writer(tmp, kind, pa.schema([]), src)
    finally:
        if writer is not None:
            writer.close()
    summary.units = rows


def _open_writer(tmp: Path, kind: str, schema: Any, src: Path) -> Any:
    if kind == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetWriter(tmp, schema)
    import pyarrow.csv as pacsv

    delimiter = "\t" if src.suffix.lower() == ".tsv" else ","
    return pacsv.CSVWriter(tmp, schema, write_options=pacsv.WriteOptions(delimiter=delimiter))


def _column(
    name: str,
    column: Any,
    policy: Policy,
    analyzer: Analyzer,
    operators: Operators,
    summary: DeidSummary,
    first_row: int,
) -> Any:
    import pyarrow as pa

    op = policy.columns.get(name)
    values = column_strings(column)
    out: list[str | None] = []
    changed = 0
    for i, value in enumerate(values):
        if value is None or value == "":
            out.append(None if isinstance(op, Suppress) else value)
            continue
        if is_scan(op):
            new = deidentify_text(
                value,
                policy,
                analyzer=analyzer,
                operators=operators,
                summary=summary,
                column=summary.columns[name],
            )
        elif isinstance(op, Suppress):
            new = None
        else:
            where = f"column {name!r} row {first_row + i + 1}"
            new = operators.apply(op, value, where=where)
        changed += new != value
        out.append(new)
    summary.columns[name]["changed"] += changed
    if not changed:
        return column
    return pa.array(out, pa.string())
