"""``fulcrum assess fairness``: group fairness metrics of a CSV/Parquet file, as evidence."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from fulcrum.cli._output import console, print_json

Format = Literal["json", "text"]
EngineName = Literal["numpy", "duckdb", "spark"]
#: ``--fail-on``: which verdicts make the command exit 1 (for CI gates); shared by assessments.
FailOn = Literal["fail", "inconclusive"]


def exit_on_verdict(verdict: str | None, fail_on: str | None) -> None:
    """Exit 1 when ``verdict`` is ``fail`` (or, with ``inconclusive``, anything but ``pass``)."""
    if fail_on is None or verdict is None:
        return
    if verdict == "fail" or (fail_on == "inconclusive" and verdict != "pass"):
        raise typer.Exit(1)


def fairness(
    data: Annotated[str, typer.Argument(help="CSV or Parquet file (or a Spark-readable path).")],
    label: Annotated[str, typer.Option("--label", help="Column of true labels.")],
    pred: Annotated[str, typer.Option("--pred", help="Column of binary predictions.")],
    sensitive: Annotated[
        str, typer.Option("--sensitive", help="Sensitive column(s), comma-separated.")
    ],
    score: Annotated[
        str | None, typer.Option("--score", help="Score column (AUC, calibration, mitigation).")
    ] = None,
    reference: Annotated[
        str | None,
        typer.Option(
            "--reference",
            help="Reference group: one value per sensitive column, comma-separated in column "
            "order (--sensitive sex,race --reference Male,White).",
        ),
    ] = None,
    sample_weight: Annotated[
        str | None, typer.Option("--sample-weight", help="Column of non-negative row weights.")
    ] = None,
    one_vs_rest: Annotated[
        bool,
        typer.Option("--one-vs-rest", help="Multiclass labels: --pos-label against the rest."),
    ] = False,
    ci: Annotated[
        float,
        typer.Option("--confidence-level", "--ci", help="Confidence level of intervals."),
    ] = 0.95,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", help="Bootstrap replicates from the counts.")
    ] = 0,
    engine: Annotated[
        EngineName, typer.Option("--engine", help="numpy (in memory), duckdb or spark.")
    ] = "numpy",
    output_format: Annotated[Format, typer.Option("--format", help="json or text.")] = "json",
    threshold: Annotated[
        list[str] | None,
        typer.Option("--threshold", help='A limit such as "fpr_difference<=0.1" (repeatable).'),
    ] = None,
    requirement: Annotated[
        list[str] | None,
        typer.Option("--requirement", help="Catalog requirement id (repeatable)."),
    ] = None,
    min_group_size: Annotated[
        int, typer.Option("--min-group-size", help="Smaller groups are flagged.")
    ] = 30,
    pos_label: Annotated[
        str, typer.Option("--pos-label", help="Value of label/pred meaning positive.")
    ] = "1",
    seed: Annotated[
        int | None, typer.Option("--random-state", "--seed", help="Random seed.")
    ] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Save a bar chart to FILE.png or FILE.svg.")
    ] = None,
    no_mitigation: Annotated[
        bool, typer.Option("--no-mitigation", help="Skip the per-group threshold search.")
    ] = False,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on", help="Exit 1 when the verdict is fail (or, with inconclusive, not pass)."
        ),
    ] = None,
) -> None:
    """Group and intersectional fairness metrics, disparities, intervals and a verdict."""
    from fulcrum.assess.fairness import assess_fairness, plot_metrics
    from fulcrum.errors import InputError

    if plot is not None and not plot.parent.is_dir():
        raise InputError(f"{plot}: the folder {plot.parent} does not exist; create it first")
    columns = [c.strip() for c in sensitive.split(",") if c.strip()]
    result = assess_fairness(
        data,
        label=label,
        pred=pred,
        sensitive=columns,
        score=score,
        sample_weight=sample_weight,
        reference=reference,
        confidence_level=ci,
        bootstrap=bootstrap,
        engine=engine,
        thresholds=threshold or (),
        requirements=requirement or (),
        min_group_size=min_group_size,
        pos_label=_number_or_text(pos_label),
        one_vs_rest=one_vs_rest,
        mitigation=not no_mitigation,
        random_state=seed,
        progress=None,
    )
    if plot is not None:
        plot_metrics(result, plot)
    if output_format == "json":
        print_json(result.to_dict())
    else:
        _print_text(result)
    if not sys.stdout.isatty():
        sys.stdout.flush()
    exit_on_verdict(result.verdict, fail_on)


def _number_or_text(text: str) -> object:
    try:
        return int(text)
    except ValueError:
        return text


def _fmt(value: object) -> str:
    return "—" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)


def _print_text(result: object) -> None:
    from rich.table import Table

    report = result.to_dict()  # type: ignore[attr-defined]
    table = Table(title="Metrics by group")
    names = ["n", "selection_rate", "accuracy", "tpr", "fpr", "fnr", "tnr", "ppv", "npv"]
    table.add_column("group")
    for name in names:
        table.add_column(name, justify="right")
    for row in report["groups"]:
        label = ", ".join(f"{k}={v}" for k, v in row["group"].items())
        table.add_row(label + (" (small)" if row["small"] else ""), *(_fmt(row[n]) for n in names))
    console.print(table)
    disparities = Table(title="Disparities (max - min, simultaneous CI)")
    for column in ("criterion", "difference", "ci", "p_value"):
        disparities.add_column(column)
    for name in (
        "demographic_parity",
        "equalized_odds",
        "equal_opportunity",
        "predictive_parity",
        "accuracy_parity",
    ):
        entry = report["disparities"][name]["difference"]
        ci = entry["ci"]
        shown = "—" if ci is None else f"[{ci[0]:.4f}, {ci[1]:.4f}]"
        disparities.add_row(name, _fmt(entry["value"]), shown, _fmt(entry.get("p_value")))
    console.print(disparities)
    rule = report["disparities"]["four_fifths"]
    console.print(f"four-fifths rule: ratio {_fmt(rule['ratio'])}, holds: {rule['holds']}")
    for check in report["checks"]:
        group = check.get("group")
        where = f" ({', '.join(f'{k}={v}' for k, v in group.items())})" if group else ""
        console.print(f"[{check['verdict']}] {check['metric']}{where}: {check['reason']}")
    evidence = report["evidence"]
    console.print(f"verdict: {evidence['verdict']}  evidence: {evidence['id']}")


def register(app: typer.Typer) -> None:
    """Add ``fulcrum assess fairness``."""
    app.command("fairness")(fairness)
