"""Apply a de-identification policy to a text file or a CSV/Parquet table, atomically.

The output is written to a temporary file in the destination folder and moved
into place with ``os.replace`` only when everything succeeded: a failed run
leaves no output, and the input is never opened for writing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fulcrum._atomic import atomic_output
from fulcrum.assess.privacy._analyzer import Analyzer
from fulcrum.assess.privacy._operators import Operators, aes_key, load_key
from fulcrum.assess.privacy._policy import Policy, Scan
from fulcrum.assess.privacy._progress import progress_bar
from fulcrum.errors import DataError

_TABLE_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".parquet": "parquet", ".pq": "parquet"}
_LINES_PER_CHUNK = 1 << 20


@dataclass
class DeidSummary:
    """What a de-identification run found and changed (per column for tables)."""

    input: str
    output: str
    kind: str
    units: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)
    missing_columns: list[str] = field(default_factory=list)

    def warnings(self) -> list[str]:
        """One line per kind of personal data found but left unchanged."""
        out = []
        for name, col in self.columns.items():
            for kind, n in sorted(col.get("kept", {}).items()):
                out.append(
                    f"column {name!r}: {n} cell(s) hold {kind} that the policy leaves unchanged"
                )
        if self.kind == "text":
            for kind, n in sorted(self.kept.items()):
                out.append(f"{n} {kind} found and left unchanged (no operator in the policy)")
        for name in self.missing_columns:
            out.append(f"policy column {name!r} is not in {self.input}")
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "input": self.input,
            "output": self.output,
            "kind": self.kind,
            ("rows" if self.kind == "table" else "lines"): self.units,
            "replaced": dict(sorted(self.entities.items())),
            "found_but_kept": dict(sorted(self.kept.items())),
            "columns": {
                name: {k: v for k, v in col.items() if k != "name"}
                for name, col in self.columns.items()
            },
            "policy_columns_not_in_input": self.missing_columns,
            "warnings": self.warnings(),
        }


def build_operators(policy: Policy) -> Operators:
    """Load the policy's keys once."""
    pkey = (
        load_key(policy.keys.pseudonym, field="keys.pseudonym") if policy.keys.pseudonym else None
    )
    ekey = None
    if policy.keys.encryption is not None:
        ekey = aes_key(load_key(policy.keys.encryption, field="keys.encryption"))
    return Operators(pkey, ekey)


def deidentify_text(
    text: str,
    policy: Policy,
    *,
    analyzer: Analyzer,
    operators: Operators,
    summary: DeidSummary,
    column: dict[str, Any] | None = None,
) -> str:
    """``text`` with every entity the policy names replaced by its operator's output.

    Entities found without an operator (and no ``default``) are counted as kept; with
    ``column`` (a table cell), the column's found/kept counts are updated too.
    """
    header = column.get("name", "") if column is not None else ""
    spans = analyzer.analyze(text, header=header)
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for span in spans:
        kind = span.entity_type
        if column is not None:
            column["found"][kind] = column["found"].get(kind, 0) + 1
        op = policy.entities.get(kind, policy.default)
        if op is None:
            summary.kept[kind] += 1
            if column is not None:
                column["kept"][kind] = column["kept"].get(kind, 0) + 1
            continue
        out.append(text[last : span.start])
        out.append(operators.apply(op, span.text, entity_type=kind))
        last = span.end
        summary.entities[kind] += 1
    out.append(text[last:])
    return "".join(out)


def policy_analyzer(policy: Policy, *, regions: list[str] | None = None) -> Analyzer:
    """Every default recognizer plus the policy's entity types: what the policy leaves
    alone is still found, so it can be reported as kept."""
    from fulcrum.assess.privacy._recognizer import default_registry

    defaults = {c.entity_type for c in default_registry().classes.values() if c.default_enabled}
    return Analyzer(
        sorted(defaults | set(policy.entities)), min_score=policy.min_score, regions=regions
    )


def deidentify_file(
    src: str | Path,
    dst: str | Path,
    policy: Policy,
    *,
    overwrite: bool = False,
    allow_missing_columns: bool = False,
    regions: list[str] | None = None,
    progress: bool | None = False,
    analyzer: Analyzer | None = None,
) -> DeidSummary:
    """De-identify ``src`` into the new file ``dst`` following ``policy``.

    Parameters
    ----------
    src, dst : path
        Input (text, CSV or Parquet) and output; the output format follows the input.
    policy : Policy
        Operators per entity type and per column (see ``load_policy``).
    overwrite : bool
        Replace an existing ``dst`` (never ``src``).
    allow_missing_columns : bool
        Accept a policy naming columns the table lacks (reported in the summary);
        otherwise that is an error, since a misspelt column would leave its data intact.
    regions : list of str, optional
        Phone regions for numbers without ``+`` (default ``CN, US, GB``).
    progress : bool
        Show a progress bar on stderr.
    analyzer : Analyzer, optional
        Recognizers to use; by default every default one plus the policy's types, so
        that personal data the policy leaves alone is reported (``DeidSummary.warnings``).

    Returns
    -------
    DeidSummary
    """
    from fulcrum.assess.privacy._scan import check_text_file

    src, dst = Path(src), Path(dst)
    kind = _TABLE_SUFFIXES.get(src.suffix.lower(), "text")
    if kind == "text":
        check_text_file(src)
    else:
        from fulcrum.engines._arrow import check_file

        check_file(src)
    analyzer = analyzer or policy_analyzer(policy, regions=regions)
    summary = DeidSummary(str(src), str(dst), "table" if kind != "text" else "text")
    if kind != "text":
        from fulcrum.assess.privacy._tables import _header_names

        names = _header_names(src)
        summary.missing_columns = sorted(set(policy.columns) - set(names))
        if summary.missing_columns and not allow_missing_columns:
            raise DataError(
                f"{src}: the policy names column {', '.join(map(repr, summary.missing_columns))}"
                f", which the table lacks (its columns are {', '.join(map(repr, names))}); "
                "fix the policy or pass --allow-missing-columns"
            )
    operators = build_operators(policy)
    with atomic_output(dst, src, overwrite=overwrite) as tmp:
        if kind == "text":
            _text_file(src, tmp, policy, analyzer, operators, summary, progress)
        else:
            from fulcrum.assess.privacy._deid_tables import deidentify_table_file

            deidentify_table_file(src, tmp, kind, policy, analyzer, operators, summary, progress)
    return summary


def _text_file(
    src: Path,
    tmp: Path,
    policy: Policy,
    analyzer: Analyzer,
    operators: Operators,
    summary: DeidSummary,
    progress: bool | None,
) -> None:
    size = src.stat().st_size
    with (
        open(src, encoding="utf-8", newline="") as reader,
        open(tmp, "w", encoding="utf-8", newline="") as writer,
        progress_bar(progress, total=size, description=f"de-identifying {src.name}") as advance,
    ):
        while True:
            try:
                lines = reader.readlines(_LINES_PER_CHUNK)
            except UnicodeDecodeError as exc:
                from fulcrum.assess.privacy._scan import not_utf8

                raise not_utf8(src) from exc
            if not lines:
                break
            chunk = "".join(lines)
            writer.write(
                deidentify_text(
                    chunk, policy, analyzer=analyzer, operators=operators, summary=summary
                )
            )
            summary.units += len(lines)
            advance(len(chunk.encode("utf-8")))


def is_scan(op: object) -> bool:
    """Whether a column operator means "apply the entity rules inside the cell"."""
    return op is None or isinstance(op, Scan)
