"""``fulcrum assess biometrics``: face-recognition performance and demographic differentials."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from fulcrum.cli._output import OutputFormat, console, print_json
from fulcrum.cli.assess.fairness import FailOn, exit_on_verdict
from fulcrum.errors import InputError

_HELP = """Assess a face-recognition system (ISO/IEC 19795-1/-10, 30107-3).

Verification (default): SCORES holds one row per comparison with a score column,
a mated flag, and probe_ATTR / ref_ATTR columns for each --group ATTR. Accept
when score >= threshold (--lower-is-better for distances: accept when
score <= threshold); the group figures are read at the threshold of the first
--fmr target. A target FMR needs at least 3/FMR non-mated comparisons (rule of
three); with fewer, its checks are inconclusive.

Embeddings: --embeddings FILE (.npy/.parquet/.arrow) --subjects FILE (a table
with a 'subject' column and attribute columns); every pair i<j is compared.

PAD: --pad, SCORES with --score, --label (bona fide / attack) and --species,
e.g. `fulcrum assess biometrics pad.csv --pad --score score --label label
--species species`. Higher PAD scores mean more bona fide; accept as bona fide
when score >= threshold.

1:N: --candidates, SCORES with search, mated, rank, score (and optionally
candidate, true_subject) columns.
"""


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def _floats(text: str | None, option: str) -> list[float] | None:
    if text is None:
        return None
    try:
        return [float(v) for v in text.split(",") if v.strip()]
    except ValueError as exc:
        raise InputError(f"{option}: expected numbers separated by commas, got {text!r}") from exc


def _output_path(path: Path | None) -> Path | None:
    """A plot path whose folder exists and whose suffix matplotlib can write."""
    if path is None:
        return None
    if path.suffix.lower() not in {".png", ".svg", ".pdf"}:
        raise InputError(f"{path}: a plot must be a .png, .svg or .pdf file")
    if not path.parent.is_dir():
        raise InputError(f"{path}: the folder {path.parent} does not exist; create it first")
    return path


def biometrics(
    scores: Annotated[Path | None, typer.Argument(help="Comparison-score CSV/Parquet.")] = None,
    score: Annotated[str, typer.Option(help="Score column (higher = more alike).")] = "score",
    lower_is_better: Annotated[
        bool,
        typer.Option(
            "--lower-is-better", help="Scores are distances: accept when score <= threshold."
        ),
    ] = False,
    at_threshold: Annotated[
        str | None,
        typer.Option(help="Also report FMR/FNMR at these score thresholds, e.g. 0.3,0.4."),
    ] = None,
    mated: Annotated[str, typer.Option(help="Mated-flag column (true/false, 1/0).")] = "mated",
    group: Annotated[
        list[str] | None, typer.Option(help="Group attribute(s) ATTR[,ATTR]; repeatable.")
    ] = None,
    fmr: Annotated[
        str | None,
        typer.Option(help="Target FMRs, e.g. 1e-4,1e-3 (first sets the group threshold)."),
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="json or text.")] = "json",
    threshold: Annotated[
        list[str] | None, typer.Option(help='Check, e.g. "fnmr<=0.01"; repeatable.')
    ] = None,
    requirement: Annotated[
        list[str] | None,
        typer.Option(help="Catalog requirement id whose limits apply; repeatable."),
    ] = None,
    at_fmr: Annotated[
        float | None,
        typer.Option(help="FMR at which --threshold limits are read (default: first --fmr)."),
    ] = None,
    fta: Annotated[str | None, typer.Option(help="Failure-to-acquire flag column.")] = None,
    fte: Annotated[str | None, typer.Option(help="Failure-to-enrol flag column.")] = None,
    engine: Annotated[
        str | None, typer.Option(help="numpy or duckdb (default: duckdb for files).")
    ] = None,
    bootstrap: Annotated[int, typer.Option(help="Subject-level bootstrap replicates.")] = 0,
    cluster: Annotated[
        str | None, typer.Option(help="Subject column to cluster the bootstrap by (scores).")
    ] = None,
    alpha: Annotated[float, typer.Option(help="Weight of FMR in FDR, IR and GARBE.")] = 0.5,
    beta: Annotated[float, typer.Option(help="Weight of FNMR in the inequity rate.")] = 0.5,
    seed: Annotated[
        int, typer.Option("--random-state", "--seed", help="Bootstrap random seed.")
    ] = 0,
    confidence_level: Annotated[
        float, typer.Option("--confidence-level", help="Level of the intervals.")
    ] = 0.95,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on", help="Exit 1 when the verdict is fail (or, with inconclusive, not pass)."
        ),
    ] = None,
    embeddings: Annotated[Path | None, typer.Option(help="Template file (.npy/.parquet).")] = None,
    subjects: Annotated[Path | None, typer.Option(help="Subject/attribute table.")] = None,
    subject_column: Annotated[str, typer.Option(help="Subject id column.")] = "subject",
    backend: Annotated[str, typer.Option(help="numpy or torch (embeddings).")] = "numpy",
    device: Annotated[str | None, typer.Option(help="torch device: cpu, cuda.")] = None,
    block_size: Annotated[int | None, typer.Option(help="Templates per block.")] = None,
    eer: Annotated[bool, typer.Option(help="Compute the exact EER.")] = True,
    pad: Annotated[bool, typer.Option("--pad", help="SCORES are PAD scores.")] = False,
    label: Annotated[str, typer.Option(help="PAD: bona fide / attack column.")] = "label",
    species: Annotated[str, typer.Option(help="PAD: PAI species column.")] = "species",
    candidates: Annotated[bool, typer.Option("--candidates", help="SCORES are 1:N lists.")] = False,
    plot_det: Annotated[Path | None, typer.Option(help="Write the DET plot (PNG/SVG).")] = None,
    plot_cross: Annotated[Path | None, typer.Option(help="Write the cross-FMR heat map.")] = None,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")
    ] = None,
) -> None:
    """Assess a face-recognition system and print its evidence."""
    from fulcrum.assess.fairness._thresholds import parse_thresholds

    plot_det = _output_path(plot_det)
    plot_cross = _output_path(plot_cross)
    limits = parse_thresholds(threshold or [])
    if at_fmr is not None:
        limits = [t.model_copy(update={"params": {**t.params, "at_fmr": at_fmr}}) for t in limits]
    groups = _split(group)
    common: dict[str, Any] = {"thresholds": limits, "requirements": requirement or []}
    result: Any
    if pad or candidates:
        if scores is None:
            raise InputError("give the SCORES file")
        from fulcrum.assess import biometrics as bio

        if pad:
            result = bio.assess_pad(scores, score=score, label=label, species=species, **common)
        else:
            result = bio.assess_identification(scores, **common)
    else:
        from fulcrum.assess.biometrics import assess_embeddings, assess_verification

        targets = _floats(fmr, "--fmr")
        extra: dict[str, Any] = {"fmr_targets": targets} if targets else {}
        extra["at_thresholds"] = _floats(at_threshold, "--at-threshold") or ()
        extra["confidence_level"] = confidence_level
        extra["random_state"] = seed
        if embeddings is not None:
            if subjects is None:
                raise InputError("--embeddings needs --subjects FILE")
            result = assess_embeddings(
                embeddings,
                subjects,
                groups=groups,
                subject_column=subject_column,
                backend=backend,  # type: ignore[arg-type]
                device=device,
                block_size=block_size,
                eer=eer,
                alpha=alpha,
                beta=beta,
                bootstrap=bootstrap,
                progress=progress,
                **extra,
                **common,
            )
        else:
            if scores is None:
                raise InputError("give the SCORES file, or --embeddings and --subjects")
            extra["higher_is_better"] = not lower_is_better
            result = assess_verification(
                scores,
                score=score,
                mated=mated,
                groups=groups,
                fta=fta,
                fte=fte,
                engine=engine,
                alpha=alpha,
                beta=beta,
                bootstrap=bootstrap,
                cluster=cluster,
                **extra,
                **common,
            )
        from fulcrum._atomic import atomic_output

        for path, draw in ((plot_det, result.plot_det), (plot_cross, result.plot_cross_fmr)):
            if path is not None:
                with atomic_output(path, scores, embeddings, subjects, overwrite=True) as tmp:
                    draw().figure.savefig(tmp)
    payload = result.to_dict()
    if output_format == "json":
        print_json(payload)
    else:
        _print_text(payload)
    exit_on_verdict(payload.get("verdict"), fail_on)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return "—" if value is None else str(value)


def _table(title: str, rows: list[dict[str, Any]]) -> None:
    """Print a list of flat records as a table (nested values left out)."""
    from rich.table import Table

    if not rows:
        return
    keys = [k for k, v in rows[0].items() if not isinstance(v, list)]
    table = Table(*keys, title=title)
    for row in rows:
        table.add_row(*(_cell(row.get(k)) for k in keys))
    console.print(table)


def _print_text(payload: dict[str, Any]) -> None:
    """Verification, PAD and 1:N reports as text: headline figures, then tables."""
    console.print(Text.assemble("verdict: ", (str(payload.get("verdict")), "bold")))
    for key in (
        "n_mated",
        "n_nonmated",
        "eer",
        "auc",
        "n_bona_fide",
        "n_attacks",
        "n_searches",
        "n_mated_searches",
        "n_nonmated_searches",
        "rank1_hit_rate",
    ):
        if key in payload:
            console.print(f"{key}: {_cell(payload[key])}")
    _table("operating points", payload.get("operating_points", []))
    _table("at thresholds", payload.get("at_thresholds", []))
    _table("groups", payload.get("groups", []))
    _table("CMC", payload.get("cmc", []))
    diff = payload.get("differentials", {})
    for key in (
        "fdr",
        "inequity_rate",
        "garbe",
        "fmr_max_min_ratio",
        "max_group_fmr_ratio_to_overall",
    ):
        if isinstance(diff.get(key), int | float):
            console.print(f"{key}: {diff[key]:.4g}")
    for line in payload.get("warnings", []):
        console.print(f"warning: {line}")
    for check in payload.get("checks", []):
        group = f" {_cell(check['group'])}" if check.get("group") else ""
        console.print(
            f"[{check['verdict']}] {check['metric']}{group} {check['operator']} "
            f"{check['threshold']:g}: {check['reason']}"
        )


def register(app: typer.Typer) -> None:
    """Add ``fulcrum assess biometrics``."""
    app.command("biometrics", help=_HELP)(biometrics)
