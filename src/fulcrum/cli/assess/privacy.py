"""``fulcrum assess privacy``: find personal data, measure re-identification risk, hide faces."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from fulcrum.cli._output import OutputFormat, console, print_json
from fulcrum.errors import InputError

privacy_app = typer.Typer(
    help="Privacy: PII discovery, re-identification risk (k/l/t), face anonymisation.",
    no_args_is_help=True,
)

FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="json or text.")]
ThresholdOpt = Annotated[
    list[str] | None,
    typer.Option("--threshold", help='Check a metric, e.g. "k>=5" (repeatable).'),
]
RequirementOpt = Annotated[
    list[str] | None,
    typer.Option("--requirement", help="Catalog requirement whose thresholds apply (repeatable)."),
]
ProgressOpt = Annotated[
    bool | None, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")
]


def _split(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [part.strip() for part in text.split(",") if part.strip()]


def _finish(payload: dict[str, Any], fmt: str, strict: bool, lines: list[str]) -> None:
    if fmt == "json":
        print_json(payload)
    else:
        for line in lines:
            console.print(line, highlight=False, soft_wrap=True)
        evidence = payload.get("evidence") or {}
        console.print(f"verdict: {evidence.get('verdict')}  evidence: {evidence.get('id')}")
    if strict and (payload.get("evidence") or {}).get("verdict") == "fail":
        raise typer.Exit(1)


@privacy_app.command("scan")
def scan(
    file: Annotated[str, typer.Argument(help="Text, CSV or Parquet file, or a database URL.")],
    fmt: FormatOpt = "json",
    table: Annotated[str | None, typer.Option(help="Table name when FILE is a URL.")] = None,
    entities: Annotated[
        str | None, typer.Option(help="Comma-separated entity types (default: all default).")
    ] = None,
    names: Annotated[bool, typer.Option(help="Also find Chinese person names (jieba).")] = False,
    min_score: Annotated[float, typer.Option(help="Drop matches scoring below this.")] = 0.0,
    columns: Annotated[str | None, typer.Option(help="Comma-separated columns to scan.")] = None,
    samples: Annotated[int, typer.Option(help="Masked examples per column and type.")] = 3,
    threshold: ThresholdOpt = None,
    requirement: RequirementOpt = None,
    progress: ProgressOpt = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 when a threshold fails.")] = False,
) -> None:
    """Find personal data: spans in a text file, entity types per column in a table."""
    from fulcrum.assess.privacy import Analyzer, default_registry, scan_table, scan_text_file
    from fulcrum.assess.privacy._evidence import (
        SCAN_KIND,
        build_evidence,
        input_ref,
        scan_metrics,
    )
    from fulcrum.assess.privacy._scan import TABLE_SUFFIXES
    from fulcrum.evidence import resolve_thresholds

    wanted = _split(entities)
    if names:
        base = wanted or [
            c.entity_type for c in default_registry().classes.values() if c.default_enabled
        ]
        wanted = sorted({*base, "PERSON"})
    analyzer = Analyzer(wanted, min_score=min_score)
    thresholds = resolve_thresholds(threshold or [], requirement or [], assessment=SCAN_KIND)
    is_url = "://" in file
    params = {"entities": analyzer.entity_types, "min_score": min_score}
    lines: list[str] = []
    if is_url or Path(file).suffix.lower() in TABLE_SUFFIXES:
        result = scan_table(
            file,
            analyzer=analyzer,
            table=table,
            columns=_split(columns),
            samples=samples,
            progress=progress,
        )
        body = result.to_dict()
        metrics = scan_metrics(result.totals(), columns=body["columns"])
        payload: dict[str, Any] = {"file": file if not is_url else f"{file}#{table}", **body}
        for col in body["columns"]:
            found = ", ".join(
                f"{e['type']} {e['count']} ({e['share']:.1%})" for e in col["entities"]
            )
            lines.append(f"{col['name']}: {found or '-'}")
        inputs = input_ref(None if is_url else file, rows=result.rows)
    else:
        spans = scan_text_file(file, analyzer=analyzer, progress=progress)
        counts: dict[str, int] = {}
        for span in spans:
            counts[span.entity_type] = counts.get(span.entity_type, 0) + 1
        metrics = scan_metrics(counts)
        payload = {"file": file, "entities": [s.to_dict() for s in spans], "counts": counts}
        lines = [f"{s.start:>8} {s.end:>8}  {s.entity_type:<16} {s.text}" for s in spans]
        inputs = input_ref(file)
    evidence = build_evidence(
        SCAN_KIND,
        f"Personal data found in {Path(file).name if not is_url else table}",
        metrics,
        thresholds,
        inputs=inputs,
        parameters=params,
        requirements=requirement or [],
        libraries=("phonenumbers", "google-re2", "jieba", "pyarrow"),
    )
    payload["metrics"] = metrics
    payload["evidence"] = evidence.model_dump(mode="json")
    _finish(payload, fmt, strict, lines)


@privacy_app.command("risk")
def risk(
    file: Annotated[str, typer.Argument(help="CSV or Parquet file.")],
    quasi: Annotated[str, typer.Option("--quasi", help="Comma-separated quasi-identifiers.")],
    sensitive: Annotated[str | None, typer.Option(help="Sensitive attribute.")] = None,
    sensitive_kind: Annotated[
        str, typer.Option(help="auto, categorical or ordinal (t-closeness distance).")
    ] = "auto",
    fmt: FormatOpt = "json",
    engine: Annotated[str, typer.Option(help="auto, numpy or duckdb.")] = "auto",
    risk_threshold: Annotated[
        float, typer.Option(help="A record is at risk above this prosecutor risk.")
    ] = 0.2,
    target_k: Annotated[
        int | None, typer.Option(help="Search the least generalisation reaching this k.")
    ] = None,
    target_l: Annotated[int | None, typer.Option(help="... and this distinct l.")] = None,
    hierarchy: Annotated[
        list[str] | None,
        typer.Option(help="COLUMN=SPEC: interval:5,10 | prefix[:N] | date | suppress | FILE.csv"),
    ] = None,
    max_suppression: Annotated[
        float, typer.Option(help="Share of records the search may suppress.")
    ] = 0.0,
    threshold: ThresholdOpt = None,
    requirement: RequirementOpt = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 when a threshold fails.")] = False,
) -> None:
    """Re-identification risk: k-anonymity, l-diversity, t-closeness, prosecutor risk."""
    from fulcrum.assess.privacy import parse_hierarchy, risk_from_counts, search_lattice
    from fulcrum.assess.privacy._evidence import (
        RISK_KIND,
        build_evidence,
        input_ref,
    )
    from fulcrum.assess.privacy._lattice import default_hierarchies
    from fulcrum.engines import get_engine
    from fulcrum.evidence import resolve_thresholds

    quasi_cols = _split(quasi) or []
    if not quasi_cols:
        raise InputError("--quasi needs at least one column")
    if sensitive_kind not in ("auto", "categorical", "ordinal"):
        raise InputError(
            f"--sensitive-kind must be auto, categorical or ordinal, got {sensitive_kind!r}"
        )
    if sensitive in quasi_cols:
        raise InputError(f"column {sensitive!r} cannot be both quasi-identifier and sensitive")
    thresholds = resolve_thresholds(threshold or [], requirement or [], assessment=RISK_KIND)
    engine_name = "duckdb" if engine == "auto" else engine
    keys = [*quasi_cols, *([sensitive] if sensitive else [])]
    counts = get_engine(engine_name).count_by(file, keys)
    report = risk_from_counts(
        counts,
        quasi_cols,
        sensitive,
        sensitive_kind=sensitive_kind,  # type: ignore[arg-type]
        risk_threshold=risk_threshold,
    )
    payload: dict[str, Any] = {
        "file": file,
        "quasi_identifiers": quasi_cols,
        "sensitive": sensitive,
    }
    payload.update(report.to_dict())
    if target_k is not None:
        specs = dict(_pair(h) for h in hierarchy or [])
        unknown = sorted(set(specs) - set(quasi_cols))
        if unknown:
            raise InputError(f"--hierarchy for {unknown}, which are not quasi-identifiers")
        hier = default_hierarchies(counts, quasi_cols)
        for col, spec in specs.items():
            hier[col] = parse_hierarchy(spec, sample=list(counts.keys[col]))
        found = search_lattice(
            counts,
            hier,
            k=target_k,
            l_target=target_l,
            sensitive=sensitive,
            max_suppression=max_suppression,
        )
        payload["generalisation_search"] = found.to_dict() if found else None
    metrics = {k: v for k, v in report.to_dict().items() if k != "class_size_histogram"}
    evidence = build_evidence(
        RISK_KIND,
        f"Re-identification risk of {Path(file).name}",
        metrics,
        thresholds,
        inputs=input_ref(file, rows=report.records),
        parameters={"quasi": quasi_cols, "sensitive": sensitive, "engine": engine_name},
        requirements=requirement or [],
        libraries=("duckdb", "numpy", "pandas"),
    )
    payload["evidence"] = evidence.model_dump(mode="json")
    lines = [
        f"records {report.records}, classes {report.equivalence_classes}, k = {report.k}",
        f"l = {report.l_diversity}, entropy l = {report.l_entropy}, t = {report.t_closeness}",
        f"unique records {report.unique_records}, "
        f"max prosecutor risk {report.max_prosecutor_risk:.3f}",
    ]
    if target_k is not None:
        lines.append(f"least generalisation: {payload['generalisation_search']}")
    _finish(payload, fmt, strict, lines)


def _pair(text: str) -> tuple[str, str]:
    column, sep, spec = text.partition("=")
    if not sep or not column.strip() or not spec.strip():
        raise InputError(f"--hierarchy {text!r} is not COLUMN=SPEC")
    return column.strip(), spec.strip()


@privacy_app.command("faces")
def faces(
    src: Annotated[Path, typer.Argument(help="Image or folder of images.")],
    dst: Annotated[Path, typer.Argument(help="Output image or folder.")],
    method: Annotated[str, typer.Option(help="blur or pixelate.")] = "blur",
    fmt: FormatOpt = "json",
    force: Annotated[bool, typer.Option(help="Overwrite existing outputs.")] = False,
) -> None:
    """Detect faces (OpenCV Haar cascade) and blur or pixelate them."""
    from fulcrum.assess.privacy import anonymise_faces

    if method not in ("blur", "pixelate"):
        raise InputError(f"--method must be blur or pixelate, got {method!r}")
    report = anonymise_faces(src, dst, method=method, overwrite=force)  # type: ignore[arg-type]
    payload = report.to_dict()
    lines = [f"{f['file']}: {f['faces']} face(s)" for f in payload["files"]]
    if fmt == "json":
        print_json(payload)
    else:
        for line in lines:
            console.print(line, highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``assess privacy``."""
    app.add_typer(privacy_app, name="privacy")
