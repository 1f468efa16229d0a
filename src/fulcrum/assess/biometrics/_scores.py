"""Comparison-score tables: one engine pass into counts, a second pass for exact windows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from fulcrum.assess.biometrics._check import MSG_MISSING, flag_code, group_columns, mated_code
from fulcrum.assess.biometrics._exact import Window
from fulcrum.assess.biometrics._summary import ScoreSummary
from fulcrum.engines import UniformBins, get_engine
from fulcrum.errors import DataError, EngineError

DEFAULT_BINS = 1 << 14


def _where(source: Any) -> str:
    return str(source) if isinstance(source, str | Path) else "the table"


def scan_scores(
    source: Any,
    *,
    score: str,
    mated: str,
    groups: Sequence[str] = (),
    fta: str | None = None,
    fte: str | None = None,
    engine: str | None = None,
    n_bins: int = DEFAULT_BINS,
    extra_columns: Sequence[str] = (),
    higher_is_better: bool = True,
) -> ScoreSummary:
    """Count a score table per (class, cell, bin) and prepare the exact second pass.

    With ``higher_is_better=False`` (distances) every score is negated as it is
    read, so everything downstream keeps "accept when score >= threshold"; the
    report turns the thresholds back into distances.
    """
    probe_cols, ref_cols = group_columns(groups)
    roles = {role: col for role, col in (("fta", fta), ("fte", fte)) if col}
    flags = list(roles.values())
    wanted = list(dict.fromkeys([score, mated, *probe_cols, *ref_cols, *flags]))
    name = engine or ("duckdb" if isinstance(source, str | Path) else "numpy")
    if name not in ("numpy", "duckdb"):
        raise EngineError(
            f"engine {name!r} cannot run the exact second pass of a score table; "
            "use engine='duckdb' (files of any size) or 'numpy' (in memory)"
        )
    eng = get_engine(name)
    eng.check_columns(source, wanted)
    sign = 1.0 if higher_is_better else -1.0
    if name == "duckdb":
        scan: _Scan = _DuckDBScan(source, wanted, score, flags, sign)
    else:
        from fulcrum.engines._arrow import read_table

        scan = _ArrowScan(read_table(source, [*wanted, *extra_columns]), score, flags, sign)
        source = scan.table
    lo, hi, n_missing = scan.score_range()
    if n_missing:
        raise DataError(
            f"{_where(scan.where)}: " + MSG_MISSING.format(column=score, count=n_missing)
        )
    if not np.isfinite(lo) or not np.isfinite(hi):
        raise DataError(f"{_where(scan.where)}: column {score!r} has infinite values")
    bins = UniformBins(lo, hi if hi > lo else lo + 1.0, n_bins, negate=not higher_is_better)
    keys = [mated, *probe_cols, *ref_cols, *flags]
    counted = eng.count_by(source, [*keys, score], bins={score: bins})
    if not counted.total:
        raise DataError(f"{_where(scan.where)}: the table has no rows")
    attrs = [g.strip() for g in groups if g.strip()]
    mated_codes = np.array([mated_code(v, mated) for v in counted.keys[mated]], dtype=np.int64)
    for col in [*probe_cols, *ref_cols]:
        if any(v is None for v in counted.keys[col]):
            n = int(counted.counts[[v is None for v in counted.keys[col]]].sum())
            raise DataError(f"{_where(scan.where)}: " + MSG_MISSING.format(column=col, count=n))
    probe = [tuple(str(counted.keys[c][i]) for c in probe_cols) for i in range(len(counted.counts))]
    ref = [tuple(str(counted.keys[c][i]) for c in ref_cols) for i in range(len(counted.counts))]
    labels = sorted(set(probe) | set(ref))
    code = {g: i for i, g in enumerate(labels)}
    n_groups = len(labels)
    cells = np.array([code[p] * n_groups + code[r] for p, r in zip(probe, ref, strict=True)])
    flagged = np.zeros(len(counted.counts), dtype=bool)
    flag_counts: dict[str, np.ndarray] = {}
    for role, col in roles.items():
        f = np.array([flag_code(v, col) for v in counted.keys[col]], dtype=bool)
        flag_counts[role] = np.bincount(mated_codes[f], weights=counted.counts[f], minlength=2)
        flagged |= f
    attempts = np.bincount(mated_codes, weights=counted.counts, minlength=2).astype(np.int64)
    keep = ~flagged
    hist = np.zeros((2, max(n_groups, 1) ** 2, n_bins), dtype=np.int64)
    np.add.at(
        hist,
        (mated_codes[keep], cells[keep], counted.keys[score][keep].astype(np.int64)),
        counted.counts[keep],
    )
    scan.set_codes(mated, mated_code, probe_cols, ref_cols, code)
    auc = None
    if not flags:
        positive = list({v for v, c in zip(counted.keys[mated], mated_codes, strict=True) if c})
        ranked = eng.rank_wins(source, [], label=mated, positive=positive, score=score)
        pairs = float(ranked.sums["pos"].sum() * ranked.sums["neg"].sum())
        if pairs > 0:
            raw = float(ranked.sums["wins"].sum()) / pairs
            auc = raw if higher_is_better else 1.0 - raw
    return ScoreSummary(
        attributes=attrs,
        groups=labels,
        hist=hist,
        low=bins.low,
        high=bins.high,
        score_min=lo,
        score_max=hi,
        collect=scan.collect,
        flags={k: v.astype(np.int64) for k, v in flag_counts.items()},
        attempts=attempts,
        clusters=scan,
        auc=auc,
    )


class _Scan:
    """One way of reading the score table again for exact windows."""

    where: Any
    score: str
    flags: list[str]
    sign: float = 1.0

    def set_codes(
        self,
        mated: str,
        decode: Any,
        probe_cols: list[str],
        ref_cols: list[str],
        code: dict[tuple[str, ...], int],
    ) -> None:
        self.mated, self.decode = mated, decode
        self.probe_cols, self.ref_cols, self.code = probe_cols, ref_cols, code

    def score_range(self) -> tuple[float, float, int]:
        raise NotImplementedError

    def collect(self, bounds: Sequence[tuple[float, float]]) -> list[Window]:
        raise NotImplementedError

    def _cells_of(self, probe: list[list[Any]], ref: list[list[Any]]) -> np.ndarray:
        n = len(self.code)
        n_rows = len(probe[0]) if probe else len(ref[0]) if ref else 0
        if not self.probe_cols:
            return np.zeros(n_rows if n_rows else 0, dtype=np.int64)
        p = [self.code[tuple(str(v) for v in row)] for row in zip(*probe, strict=True)]
        r = [self.code[tuple(str(v) for v in row)] for row in zip(*ref, strict=True)]
        return np.asarray(p, dtype=np.int64) * n + np.asarray(r, dtype=np.int64)


class _ArrowScan(_Scan):
    """The table is in memory: numpy masks over decoded columns."""

    def __init__(self, table: Any, score: str, flags: list[str], sign: float = 1.0) -> None:
        self.table, self.where, self.score, self.flags = table, "the table", score, flags
        self.sign = sign
        self._rows: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def score_range(self) -> tuple[float, float, int]:
        values = self._scores()
        usable = values[~self._flagged()]
        missing = int(np.isnan(usable).sum())
        finite = usable[~np.isnan(usable)]
        if not len(finite):
            return 0.0, 1.0, missing
        return float(finite.min()), float(finite.max()), missing

    def _scores(self) -> np.ndarray:
        column = self.table.column(self.score)
        values = np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.float64)
        return values if self.sign > 0 else -values

    def _flagged(self) -> np.ndarray:
        out = np.zeros(self.table.num_rows, dtype=bool)
        for col in self.flags:
            values = self.table.column(col).to_pylist()
            out |= np.array([flag_code(v, col) for v in values], dtype=bool)
        return out

    def rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Scores, mated codes and cells of the unflagged rows (decoded once)."""
        if self._rows is None:
            import pyarrow.compute as pc

            keep = ~self._flagged()
            scores = self._scores()[keep]
            mated_col = pc.dictionary_encode(self.table.column(self.mated).combine_chunks())
            lut = np.array([self.decode(v, self.mated) for v in mated_col.dictionary.to_pylist()])
            mated = lut[mated_col.indices.to_numpy(zero_copy_only=False)][keep].astype(np.int8)
            cells = np.zeros(self.table.num_rows, dtype=np.int64)
            n = len(self.code)
            for side, cols in ((0, self.probe_cols), (1, self.ref_cols)):
                if not cols:
                    continue
                cols_values = [self.table.column(c).to_pylist() for c in cols]
                g = np.array(
                    [
                        self.code[tuple(str(v) for v in row)]
                        for row in zip(*cols_values, strict=True)
                    ]
                )
                cells += g * (n if side == 0 else 1)
            self._rows = (scores, mated, cells[keep])
        return self._rows

    def collect(self, bounds: Sequence[tuple[float, float]]) -> list[Window]:
        scores, mated, cells = self.rows()
        n_cells = max(len(self.code), 1) ** 2
        out = []
        for lo, hi in bounds:
            inside = (scores >= lo) & (scores < hi)
            up = scores >= hi
            above = np.bincount(
                mated[up].astype(np.int64) * n_cells + cells[up], minlength=2 * n_cells
            ).reshape(2, n_cells)
            out.append(
                Window(
                    lo=lo,
                    hi=hi,
                    above=above,
                    min_above=float(scores[up].min()) if up.any() else None,
                    values=scores[inside],
                    mated=mated[inside],
                    cells=cells[inside],
                )
            )
        return out


class _DuckDBScan(_Scan):
    """The table is a file: DuckDB filters the windows and counts above them."""

    def __init__(
        self, source: Any, columns: list[str], score: str, flags: list[str], sign: float = 1.0
    ) -> None:
        self.source, self.where, self.columns = source, source, columns
        self.score, self.flags, self.sign = score, flags, sign

    def _expr(self) -> str:
        value = f"{_q(self.score)}::DOUBLE"
        return value if self.sign > 0 else f"(-{value})"

    def _run(self, sql_body: str) -> Any:
        from fulcrum.engines.duckdb_engine import ENGINE

        return ENGINE.query(self.source, lambda frm: sql_body.replace("{FROM}", frm))

    def _unflagged(self) -> str:
        parts = [f"NOT coalesce(TRY_CAST({_q(c)} AS BOOLEAN), false)" for c in self.flags]
        return " AND ".join(parts) if parts else "true"

    def score_range(self) -> tuple[float, float, int]:
        s = self._expr()
        clean = f"CASE WHEN isnan({s}) THEN NULL ELSE {s} END"
        table = self._run(
            f"SELECT min({clean}) AS lo, max({clean}) AS hi, "
            f"count(*) FILTER (WHERE {s} IS NULL OR isnan({s})) AS missing "
            f"FROM {{FROM}} WHERE {self._unflagged()}"
        )
        lo, hi, missing = (table.column(c)[0].as_py() for c in ("lo", "hi", "missing"))
        if lo is None:
            return 0.0, 1.0, int(missing)
        return float(lo), float(hi), int(missing)

    def collect(self, bounds: Sequence[tuple[float, float]]) -> list[Window]:
        s = self._expr()
        group_cols = [self.mated, *self.probe_cols, *self.ref_cols]
        sel = ", ".join(_q(c) for c in group_cols)
        conds = " OR ".join(f"({s} >= {_lit(lo)} AND {s} < {_lit(hi)})" for lo, hi in bounds)
        rows = self._run(
            f"SELECT {s} AS s, {sel} FROM {{FROM}} WHERE {self._unflagged()} AND ({conds})"
        )
        aggs = ", ".join(
            f"count(*) FILTER (WHERE {s} >= {_lit(hi)}) AS a{i}, "
            f"min({s}) FILTER (WHERE {s} >= {_lit(hi)}) AS m{i}"
            for i, (_, hi) in enumerate(bounds)
        )
        above_t = self._run(
            f"SELECT {sel}, {aggs} FROM {{FROM}} WHERE {self._unflagged()} GROUP BY {sel}"
        )
        n_cells = max(len(self.code), 1) ** 2
        values = np.asarray(rows.column("s").to_numpy(zero_copy_only=False), dtype=np.float64)
        mated = np.array([self.decode(v, self.mated) for v in rows.column(self.mated).to_pylist()])
        cells = self._cells_of(
            [rows.column(c).to_pylist() for c in self.probe_cols],
            [rows.column(c).to_pylist() for c in self.ref_cols],
        )
        if not self.probe_cols:
            cells = np.zeros(len(values), dtype=np.int64)
        a_mated = np.array(
            [self.decode(v, self.mated) for v in above_t.column(self.mated).to_pylist()],
            dtype=np.int64,
        )
        a_cells = self._cells_of(
            [above_t.column(c).to_pylist() for c in self.probe_cols],
            [above_t.column(c).to_pylist() for c in self.ref_cols],
        )
        if not self.probe_cols:
            a_cells = np.zeros(len(a_mated), dtype=np.int64)
        out = []
        for i, (lo, hi) in enumerate(bounds):
            counts = np.asarray(above_t.column(f"a{i}").to_pylist(), dtype=np.int64)
            above = np.bincount(
                a_mated * n_cells + a_cells, weights=counts, minlength=2 * n_cells
            ).astype(np.int64)
            mins = [m for m in above_t.column(f"m{i}").to_pylist() if m is not None]
            inside = (values >= lo) & (values < hi)
            out.append(
                Window(
                    lo=lo,
                    hi=hi,
                    above=above.reshape(2, n_cells),
                    min_above=float(min(mins)) if mins else None,
                    values=values[inside],
                    mated=mated[inside].astype(np.int8),
                    cells=cells[inside],
                )
            )
        return out


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: float) -> str:
    if np.isinf(value):
        return "'inf'::DOUBLE" if value > 0 else "'-inf'::DOUBLE"
    return repr(float(value))
