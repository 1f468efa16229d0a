"""Apply a de-identification policy to a text file or a CSV/Parquet table, atomically.

The output is written to a temporary file in the destination folder and moved
into place with ``os.replace`` only when everything succeeded: a failed run
leaves no output, and the input is never opened for writing.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fulcrum.assess.privacy._analyzer import Analyzer
from fulcrum.assess.privacy._operators import Operators, aes_key, load_key
from fulcrum.assess.privacy._policy import Policy, Scan
from fulcrum.assess.privacy._progress import progress_bar
from fulcrum.errors import DataError, InputError

_TABLE_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".parquet": "parquet", ".pq": "parquet"}
_LINES_PER_CHUNK = 1 << 20


@dataclass
class DeidSummary:
    """What a de-identification run changed."""

    input: str
    output: str
    kind: str
    units: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)
    missing_columns: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "input": self.input,
            "output": self.output,
            "kind": self.kind,
            ("rows" if self.kind == "table" else "lines"): self.units,
            "replaced": dict(sorted(self.entities.items())),
            "found_but_kept": dict(sorted(self.kept.items())),
            "columns": self.columns,
            "policy_columns_not_in_input": self.missing_columns,
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
    text: str, policy: Policy, *, analyzer: Analyzer, operators: Operators, summary: DeidSummary
) -> str:
    """``text`` with every entity the policy names replaced by its operator's output."""
    spans = analyzer.analyze(text)
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for span in spans:
        op = policy.entities.get(span.entity_type, policy.default)
        if op is None:
            summary.kept[span.entity_type] += 1
            continue
        out.append(text[last : span.start])
        out.append(operators.apply(op, span.text, entity_type=span.entity_type))
        last = span.end
        summary.entities[span.entity_type] += 1
    out.append(text[last:])
    return "".join(out)


@contextmanager
def atomic_output(dst: Path, src: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """A temporary path beside ``dst`` moved onto ``dst`` only if the block succeeds."""
    if dst.resolve() == src.resolve():
        raise InputError(f"{dst}: the output must be a new file, not the input")
    if dst.exists() and not overwrite:
        raise InputError(f"{dst}: already exists; choose a new file (or --force)")
    if not dst.parent.is_dir():
        raise InputError(f"{dst.parent}: no such folder for the output")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, dst)
    finally:
        if tmp.exists():
            tmp.unlink()


def deidentify_file(
    src: str | Path,
    dst: str | Path,
    policy: Policy,
    *,
    overwrite: bool = False,
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
    progress : bool
        Show a progress bar on stderr.
    analyzer : Analyzer, optional
        Recognizers to use; by default those of the entity types the policy names
        (all default ones when it has a ``default`` operator).

    Returns
    -------
    DeidSummary
    """
    src, dst = Path(src), Path(dst)
    if not src.is_file():
        raise DataError(f"{src}: no such file")
    if analyzer is None:
        entities = None if policy.default is not None else sorted(policy.entities)
        analyzer = Analyzer(entities, min_score=policy.min_score)
    operators = build_operators(policy)
    kind = _TABLE_SUFFIXES.get(src.suffix.lower(), "text")
    summary = DeidSummary(str(src), str(dst), "table" if kind != "text" else "text")
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
                raise DataError(f"{src}: not UTF-8 text near line {summary.units + 1}") from exc
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
