"""The privacy assessments as Python functions that return Evidence (the CLI only prints them).

``assess_pii`` scans a text file or a table; ``assess_reidentification`` measures the
risk of a table and optionally searches the least generalisation reaching a target k.
Results that travel (``to_dict``, the Evidence) hold masked samples only, never the
identifiers found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from fulcrum.assess.privacy._analyzer import Analyzer
from fulcrum.assess.privacy._evidence import (
    RISK_KIND,
    SCAN_KIND,
    build_evidence,
    input_ref,
    scan_metrics,
)
from fulcrum.assess.privacy._lattice import LatticeResult
from fulcrum.assess.privacy._operators import mask_sample
from fulcrum.assess.privacy._recognizer import Span, default_registry
from fulcrum.assess.privacy._risk import RiskReport, SensitiveKind
from fulcrum.assess.privacy._tables import TableScan
from fulcrum.errors import DataError, InputError
from fulcrum.evidence import Evidence, Threshold, resolve_thresholds

#: File suffixes read as tables; anything else is scanned as UTF-8 text.
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".parquet", ".pq"})


@dataclass(frozen=True)
class PiiScanResult:
    """What ``assess_pii`` found: per-column counts (tables) or spans (text), and Evidence.

    ``spans`` keep the raw text for in-process use (e.g. redaction); ``to_dict`` masks it
    unless asked, and the Evidence holds counts only.
    """

    source: str
    kind: Literal["text", "table"]
    metrics: dict[str, Any]
    evidence: Evidence
    table: TableScan | None = None
    spans: list[Span] = field(default_factory=list)

    def to_dict(self, *, reveal: bool = False) -> dict[str, Any]:
        """JSON form; found values are masked unless ``reveal`` (never for stored evidence)."""
        payload: dict[str, Any] = {"file": self.source}
        if self.table is not None:
            payload.update(self.table.to_dict())
        else:
            counts = Counter(s.entity_type for s in self.spans)
            payload["entities"] = [_span_dict(s, reveal) for s in self.spans]
            payload["counts"] = dict(sorted(counts.items()))
        payload["metrics"] = self.metrics
        payload["evidence"] = self.evidence.model_dump(mode="json")
        return payload


def _span_dict(span: Span, reveal: bool) -> dict[str, Any]:
    out = span.to_dict()
    out["text"] = span.text if reveal else mask_sample(span.text)
    return out


def build_analyzer(
    entities: Sequence[str] | None = None,
    *,
    names: bool = False,
    min_score: float = 0.0,
    regions: Sequence[str] | None = None,
) -> Analyzer:
    """The analyzer of a scan: ``entities`` (default: every default one), plus person
    names when ``names`` is true."""
    wanted = list(entities) if entities is not None else None
    if names:
        base = wanted or [
            c.entity_type for c in default_registry().classes.values() if c.default_enabled
        ]
        wanted = sorted({*base, "PERSON"})
    return Analyzer(wanted, min_score=min_score, regions=regions)


def assess_pii(
    source: str | Path | Any,
    *,
    entities: Sequence[str] | None = None,
    names: bool = False,
    min_score: float = 0.0,
    regions: Sequence[str] | None = None,
    table: str | None = None,
    columns: Sequence[str] | None = None,
    samples: int = 3,
    sample: int | None = None,
    seed: int = 0,
    thresholds: Sequence[Threshold | str] = (),
    requirements: Sequence[str] = (),
    analyzer: Analyzer | None = None,
    progress: bool | None = False,
) -> PiiScanResult:
    """Find personal data in a text file or a table and return the evidence.

    Parameters
    ----------
    source : path, database URL or table
        A UTF-8 text file, a CSV/Parquet file, a SQLAlchemy URL (with ``table``) or an
        in-memory pandas/Polars/Arrow table.
    entities : sequence of str, optional
        Entity types to look for (default: every default recognizer).
    names : bool
        Also find person names (the offline ``privacy`` extra: jieba, English name lists).
    min_score : float
        Drop matches scoring below this.
    regions : sequence of str, optional
        Regions whose national phone formats are accepted (default ``CN, US, GB``).
    table : str, optional
        Table name when ``source`` is a database URL.
    columns : sequence of str, optional
        Scan only these columns of a table.
    samples : int
        Masked examples kept per column and entity type.
    sample : int, optional
        Scan a uniform sample of this many rows per column (tables), with intervals.
    seed : int
        Seed of the sample.
    thresholds, requirements
        Checks on the metrics (``"sensitive_pi_entities<=0"``) and catalog requirements
        whose thresholds apply.
    analyzer : Analyzer, optional
        Use this analyzer instead of building one from the options above.
    progress : bool or None
        Progress bar on stderr.

    Returns
    -------
    PiiScanResult

    Examples
    --------
    >>> result = assess_pii({"phone": ["13800138000", "none"]})
    >>> result.metrics["entities"], result.evidence.kind
    ({'CN_MOBILE': 1}, 'privacy.scan')
    """
    from fulcrum.assess.privacy._scan import scan_text_file
    from fulcrum.assess.privacy._tables import scan_table

    analyzer = analyzer or build_analyzer(
        entities, names=names, min_score=min_score, regions=regions
    )
    checks = resolve_thresholds(thresholds, requirements, assessment=SCAN_KIND)
    is_path = isinstance(source, str | Path)
    is_url = is_path and "://" in str(source)
    label = f"{source}#{table}" if is_url else str(source) if is_path else "table"
    params: dict[str, Any] = {
        "entities": analyzer.entity_types,
        "min_score": min_score,
        "regions": list(analyzer.regions) if analyzer.regions else None,
        "sample": sample,
        "seed": seed if sample is not None else None,
        "columns": list(columns) if columns is not None else None,
    }
    as_table = not is_path or is_url or Path(str(source)).suffix.lower() in TABLE_SUFFIXES
    scan: TableScan | None = None
    spans: list[Span] = []
    if as_table:
        scan = scan_table(
            source,
            analyzer=analyzer,
            table=table,
            columns=columns,
            samples=samples,
            sample=sample,
            seed=seed,
            progress=progress,
        )
        if scan.rows == 0 and is_path and not is_url:
            raise DataError(f"{source}: a header and no rows; nothing to scan")
        metrics = scan_metrics(scan.totals(), columns=scan.to_dict()["columns"])
        inputs = input_ref(source if is_path and not is_url else None, rows=scan.rows)
    else:
        if sample is not None or columns is not None:
            raise InputError(f"{source}: --sample and --columns apply to tables (CSV, Parquet)")
        spans = scan_text_file(source, analyzer=analyzer, progress=progress)
        metrics = scan_metrics(Counter(s.entity_type for s in spans))
        inputs = input_ref(source)
    title = f"Personal data found in {table if is_url else Path(str(source)).name}"
    evidence = build_evidence(
        SCAN_KIND,
        title,
        metrics,
        checks,
        inputs=inputs,
        parameters=params,
        requirements=requirements,
        libraries=("phonenumbers", "google-re2", "jieba", "pyarrow", "duckdb"),
    )
    kind: Literal["text", "table"] = "table" if as_table else "text"
    return PiiScanResult(label, kind, metrics, evidence, scan, spans)


@dataclass(frozen=True)
class ReidentificationResult:
    """Risk metrics of a table, the least generalisation found (if asked), and Evidence."""

    source: str
    quasi_identifiers: list[str]
    sensitive: str | None
    report: RiskReport
    evidence: Evidence
    search: LatticeResult | None = None
    searched: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON form of the CLI contract."""
        payload: dict[str, Any] = {
            "file": self.source,
            "quasi_identifiers": self.quasi_identifiers,
            "sensitive": self.sensitive,
            **self.report.to_dict(),
        }
        if self.searched:
            payload["generalisation_search"] = self.search.to_dict() if self.search else None
        payload["evidence"] = self.evidence.model_dump(mode="json")
        return payload


def assess_reidentification(
    source: str | Path | Any,
    quasi: Sequence[str],
    sensitive: str | None = None,
    *,
    sensitive_kind: SensitiveKind = "auto",
    engine: str = "auto",
    risk_threshold: float = 0.2,
    target_k: int | None = None,
    target_l: int | None = None,
    hierarchies: Mapping[str, str] | None = None,
    max_suppression: float = 0.0,
    thresholds: Sequence[Threshold | str] = (),
    requirements: Sequence[str] = (),
) -> ReidentificationResult:
    """Re-identification risk (k, l, t, prosecutor risk) of a table, as evidence.

    Parameters
    ----------
    source : path or table
        CSV/Parquet path or an in-memory table.
    quasi : sequence of str
        Quasi-identifier columns.
    sensitive : str, optional
        Sensitive attribute for l-diversity and t-closeness.
    sensitive_kind : {"auto", "categorical", "ordinal"}
        Distance used by t-closeness.
    engine : {"auto", "numpy", "duckdb"}
        ``auto`` streams files through DuckDB and counts in-memory tables with NumPy.
    risk_threshold : float
        A record is at risk above this prosecutor risk.
    target_k, target_l : int, optional
        Search the least generalisation reaching this k (and distinct l).
    hierarchies : mapping of str to str, optional
        Generalisation hierarchy per quasi-identifier (``interval:5,10``, ``prefix:2``,
        ``date``, ``suppress`` or a CSV file).
    max_suppression : float
        Share of records the search may suppress.
    thresholds, requirements
        Checks on the metrics (``"k>=5"``) and catalog requirements whose thresholds apply.

    Returns
    -------
    ReidentificationResult
    """
    from fulcrum.assess.privacy._hierarchy import parse_hierarchy
    from fulcrum.assess.privacy._lattice import default_hierarchies, search_lattice
    from fulcrum.assess.privacy._risk import risk_from_counts
    from fulcrum.engines import get_engine

    quasi = list(quasi)
    if not quasi:
        raise InputError("--quasi needs at least one column")
    if sensitive_kind not in ("auto", "categorical", "ordinal"):
        raise InputError(
            f"--sensitive-kind must be auto, categorical or ordinal, got {sensitive_kind!r}"
        )
    if sensitive is not None and sensitive in quasi:
        raise InputError(f"column {sensitive!r} cannot be both quasi-identifier and sensitive")
    if len(set(quasi)) != len(quasi):
        raise InputError(f"--quasi names a column twice: {', '.join(quasi)}")
    if target_k is not None and target_k < 1:
        raise InputError(f"--target-k must be >= 1, got {target_k}")
    checks = resolve_thresholds(thresholds, requirements, assessment=RISK_KIND)
    is_path = isinstance(source, str | Path)
    if engine == "auto":
        engine = "duckdb" if is_path else "numpy"
    if is_path:
        from fulcrum.engines._arrow import column_names

        column_names(source)  # empty, binary or missing file: one clear error first
    keys = [*quasi, *([sensitive] if sensitive else [])]
    try:
        counts = get_engine(engine).count_by(source, keys)
    except DataError as exc:
        if is_path and str(source) not in str(exc):
            raise DataError(f"{source}: {exc}") from exc
        raise
    if counts.total == 0:
        where = str(source) if is_path else "the table"
        raise DataError(f"{where}: the table has no rows; re-identification risk needs records")
    report = risk_from_counts(
        counts, quasi, sensitive, sensitive_kind=sensitive_kind, risk_threshold=risk_threshold
    )
    found = None
    if target_k is not None:
        specs = dict(hierarchies or {})
        unknown = sorted(set(specs) - set(quasi))
        if unknown:
            raise InputError(f"--hierarchy for {unknown}, which are not quasi-identifiers")
        hier = default_hierarchies(counts, quasi)
        for column, spec in specs.items():
            hier[column] = parse_hierarchy(spec, sample=list(counts.keys[column]))
        found = search_lattice(
            counts,
            hier,
            k=target_k,
            l_target=target_l,
            sensitive=sensitive,
            max_suppression=max_suppression,
        )
    metrics = {k: v for k, v in report.to_dict().items() if k != "class_size_histogram"}
    label = str(source) if is_path else "table"
    evidence = build_evidence(
        RISK_KIND,
        f"Re-identification risk of {Path(label).name}",
        metrics,
        checks,
        inputs=input_ref(source if is_path else None, rows=report.records),
        parameters={"quasi": quasi, "sensitive": sensitive, "engine": engine},
        requirements=requirements,
        libraries=("duckdb", "numpy", "pandas"),
    )
    return ReidentificationResult(
        label, quasi, sensitive, report, evidence, found, searched=target_k is not None
    )
