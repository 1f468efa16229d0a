"""Generalisation hierarchies: level 0 is the value itself, each level coarser, the last ``*``.

Hierarchies are data: an ARX-style CSV (``value;level1;level2;...``), or a
spec string: ``interval:5,10,20`` (numeric bands of these widths),
``prefix`` or ``prefix:6`` (keep fewer leading characters, e.g. region codes),
``date`` (day, month, year), ``suppress`` (value or ``*``).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from fulcrum.errors import InputError

TOP = "*"


@dataclass(frozen=True)
class Hierarchy:
    """A generalisation hierarchy; ``generalise(values, level)`` maps values to ``level``."""

    kind: str
    widths: tuple[float, ...] = ()
    length: int = 0
    table: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = "the hierarchy table"

    @property
    def height(self) -> int:
        """Highest level (the fully suppressed ``*``)."""
        if self.kind == "interval":
            return len(self.widths) + 1
        if self.kind == "prefix":
            return self.length
        if self.kind == "date":
            return 3
        if self.kind == "table":
            return max((len(v) for v in self.table.values()), default=0)
        return 1

    def describe(self, level: int) -> str:
        """Human description of a level."""
        if level == 0:
            return "original values"
        if level >= self.height:
            return "suppressed (*)"
        if self.kind == "interval":
            return f"bands of width {self.widths[level - 1]:g}"
        if self.kind == "prefix":
            return f"last {level} characters masked"
        if self.kind == "date":
            return ("month", "year")[level - 1]
        return f"level {level} of the hierarchy table"

    def generalise(self, values: np.ndarray, level: int) -> np.ndarray:
        """``values`` (object array) generalised to ``level``."""
        if level == 0:
            return values
        if level >= self.height and self.kind != "table":
            return np.full(len(values), TOP, dtype=object)
        return np.asarray([self._one(v, level) for v in values], dtype=object)

    def _one(self, value: object, level: int) -> object:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        if self.kind == "interval":
            width = self.widths[level - 1]
            try:
                low = math.floor(float(value) / width) * width  # type: ignore[arg-type]
            except (TypeError, ValueError) as exc:
                raise InputError(
                    f"value {value!r} is not a number for an interval hierarchy"
                ) from exc
            return f"[{low:g}, {low + width:g})"
        if self.kind == "prefix":
            text = str(value)
            keep = max(0, len(text) - level)
            return text[:keep] + "*" * (len(text) - keep)
        if self.kind == "date":
            text = str(value)[:10]
            return text[:7] if level == 1 else text[:4]
        if self.kind == "table":
            levels = self.table.get(str(value))
            if levels is None:
                raise InputError(f"{self.source}: value {value!r} is missing from the table")
            return levels[min(level, len(levels)) - 1]
        return TOP


def parse_hierarchy(spec: str, *, sample: Sequence[object] = ()) -> Hierarchy:
    """Build a hierarchy from a spec string or a CSV file path (see module docstring)."""
    kind, _, arg = spec.partition(":")
    if kind == "interval":
        try:
            widths = tuple(float(w) for w in arg.split(",") if w.strip())
        except ValueError as exc:
            raise InputError(f"hierarchy {spec!r}: widths must be numbers") from exc
        if not widths or any(w <= 0 for w in widths):
            raise InputError(f"hierarchy {spec!r}: give positive widths, e.g. interval:5,10,20")
        return Hierarchy("interval", widths=widths)
    if kind == "prefix":
        if arg:
            if not arg.isdigit() or int(arg) < 1:
                raise InputError(f"hierarchy {spec!r}: prefix length must be >= 1, got {arg!r}")
            length = int(arg)
        else:
            length = max((len(str(v)) for v in sample if v is not None), default=1)
        return Hierarchy("prefix", length=length)
    if kind in ("date", "suppress"):
        return Hierarchy(kind)
    path = Path(spec)
    if not path.is_file():
        raise InputError(
            f"hierarchy {spec!r}: not interval:W1,W2,..., prefix[:N], date, suppress "
            "or an existing CSV file"
        )
    return _read_table(path)


def _read_table(path: Path) -> Hierarchy:
    from fulcrum._yaml import read_text

    table: dict[str, tuple[str, ...]] = {}
    text = read_text(path)
    dialect = ";" if text.count(";") >= text.count(",") else ","
    for line_no, row in enumerate(csv.reader(text.splitlines(), delimiter=dialect), start=1):
        if not row or not row[0].strip():
            continue
        if len(row) < 2:
            raise InputError(f"{path}: line {line_no}: a value needs at least one level")
        table[row[0].strip()] = tuple(cell.strip() for cell in row[1:])
    if not table:
        raise InputError(f"{path}: the hierarchy table has no rows; expected VALUE,LEVEL1,...")
    depth = {len(v) for v in table.values()}
    if len(depth) != 1:
        raise InputError(
            f"{path}: every row needs the same number of levels, found {sorted(depth)}"
        )
    return Hierarchy("table", table=table, source=str(path))
