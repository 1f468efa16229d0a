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
            console.print(line, highlight=False, soft_wrap=True, markup=False)
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
    names: Annotated[bool, typer.Option(help="Also find person names (offline).")] = False,
    min_score: Annotated[float, typer.Option(help="Drop matches scoring below this.")] = 0.0,
    regions: Annotated[
        str | None,
        typer.Option(help="Phone regions for numbers without +, e.g. CN,US,GB (the default)."),
    ] = None,
    columns: Annotated[str | None, typer.Option(help="Comma-separated columns to scan.")] = None,
    sample: Annotated[
        int | None, typer.Option(help="Tables: scan a random sample of N rows, with intervals.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of --sample.")] = 0,
    samples: Annotated[int, typer.Option(help="Masked examples per column and type.")] = 3,
    reveal: Annotated[
        bool, typer.Option(help="Print found values unmasked (text files; never in evidence).")
    ] = False,
    threshold: ThresholdOpt = None,
    requirement: RequirementOpt = None,
    progress: ProgressOpt = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 when a threshold fails.")] = False,
) -> None:
    """Find personal data: spans in a text file, entity types per column in a table."""
    from fulcrum.assess.privacy import assess_pii

    wanted_columns = None
    if columns is not None:
        wanted_columns = [part.strip() for part in columns.split(",")]
    result = assess_pii(
        file,
        entities=_split(entities),
        names=names,
        min_score=min_score,
        regions=_split(regions),
        table=table,
        columns=wanted_columns,
        samples=samples,
        sample=sample,
        seed=seed,
        thresholds=threshold or [],
        requirements=requirement or [],
        progress=progress,
    )
    payload = result.to_dict(reveal=reveal)
    if result.table is not None:
        lines = []
        for col in payload["columns"]:
            found = ", ".join(
                f"{e['type']} {e['count']} ({e['share']:.1%}"
                + (
                    f", {e['share_interval'][0]:.1%}-{e['share_interval'][1]:.1%})"
                    if sample is not None
                    else ")"
                )
                for e in col["entities"]
            )
            lines.append(f"{col['name']}: {found or '-'}")
    else:
        lines = [
            f"{e['start']:>8} {e['end']:>8}  {e['type']:<16} {e['text']}"
            for e in payload["entities"]
        ]
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
    from fulcrum.assess.privacy import assess_reidentification

    specs = dict(_pair(h) for h in hierarchy or [])
    result = assess_reidentification(
        file,
        _split(quasi) or [],
        sensitive,
        sensitive_kind=sensitive_kind,  # type: ignore[arg-type]
        engine="duckdb" if engine == "auto" else engine,
        risk_threshold=risk_threshold,
        target_k=target_k,
        target_l=target_l,
        hierarchies=specs,
        max_suppression=max_suppression,
        thresholds=threshold or [],
        requirements=requirement or [],
    )
    payload = result.to_dict()
    report = result.report
    lines = [
        f"records {report.records}, classes {report.equivalence_classes}, k = {report.k}",
        f"l = {report.l_diversity}, entropy l = {_g(report.l_entropy)}, "
        f"t = {_g(report.t_closeness)}",
        f"unique records {report.unique_records}, "
        f"max prosecutor risk {report.max_prosecutor_risk:.3f}",
    ]
    if target_k is not None:
        lines.append(f"least generalisation: {payload['generalisation_search']}")
    _finish(payload, fmt, strict, lines)


def _g(value: float | None) -> str:
    """A figure to 4 significant digits (0.541, not 0.5410000000000001)."""
    return "—" if value is None else f"{value:.4g}"


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
            console.print(line, highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    """Add ``assess privacy``."""
    app.add_typer(privacy_app, name="privacy")
