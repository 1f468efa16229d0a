"""``fulcrum assess robustness MODEL DATA``: corruption curves, stability, counterfactual flips."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from fulcrum.cli._output import console, print_json

Format = Literal["json", "text"]
AttackMethod = Literal["auto", "hopskipjump", "random"]
Task = Literal["auto", "classification", "regression"]


def split(text: str | None) -> list[str]:
    """Comma-separated names as a list (empty for None)."""
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def severities(specs: list[str] | None) -> dict[str, list[float]]:
    """``gaussian=0.1,0.5`` (repeatable) as a mapping of corruption to severities."""
    from fulcrum.errors import InputError

    out: dict[str, list[float]] = {}
    for spec in specs or ():
        name, sep, values = spec.partition("=")
        try:
            out[name.strip()] = [float(v) for v in split(values)]
        except ValueError:
            sep = ""
        if not sep or not out.get(name.strip()):
            raise InputError(f"--severity {spec!r} is not of the form NAME=0.1,0.2")
    return out


def robustness(
    model: Annotated[
        str, typer.Argument(help="Model: .skops, .onnx, .joblib/.pkl or http(s) URL.")
    ],
    data: Annotated[str, typer.Argument(help="CSV or Parquet file of evaluation rows.")],
    label: Annotated[str, typer.Option("--label", help="Column of true labels.")],
    features: Annotated[
        str | None, typer.Option("--features", help="Model input columns, comma-separated.")
    ] = None,
    sensitive: Annotated[
        str | None,
        typer.Option("--sensitive", help="Sensitive column(s) for counterfactual flips."),
    ] = None,
    corruption: Annotated[
        str | None,
        typer.Option(
            "--corruption", help="gaussian,missing,category_swap,out_of_range (default all)."
        ),
    ] = None,
    severity: Annotated[
        list[str] | None,
        typer.Option("--severity", help='Grid, e.g. "gaussian=0.1,0.5" (repeatable).'),
    ] = None,
    repeats: Annotated[int, typer.Option("--repeats", help="Draws per corruption level.")] = 1,
    adversarial: Annotated[
        int, typer.Option("--adversarial", help="Rows to attack with a black-box search (0: skip).")
    ] = 0,
    attack: Annotated[
        AttackMethod, typer.Option("--attack", help="hopskipjump (ART), random, or auto.")
    ] = "auto",
    task: Annotated[
        Task, typer.Option("--task", help="auto, classification or regression.")
    ] = "auto",
    max_rows: Annotated[
        int | None, typer.Option("--max-rows", help="Sample this many rows first.")
    ] = None,
    ci: Annotated[float, typer.Option("--ci", help="Confidence level of intervals.")] = 0.95,
    threshold: Annotated[
        list[str] | None,
        typer.Option("--threshold", help='A limit such as "accuracy_drop<=0.05" (repeatable).'),
    ] = None,
    requirement: Annotated[
        list[str] | None, typer.Option("--requirement", help="Catalog requirement id (repeatable).")
    ] = None,
    trust_pickle: Annotated[
        bool, typer.Option("--trust-pickle", help="Allow loading pickles (runs the file's code).")
    ] = False,
    trust_type: Annotated[
        list[str] | None, typer.Option("--trust-type", help="Extra type a .skops file may hold.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    output_format: Annotated[Format, typer.Option("--format", help="json or text.")] = "json",
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Save the curves to FILE.png or FILE.svg.")
    ] = None,
) -> None:
    """Accuracy under corrupted inputs, stability, counterfactual and adversarial flips."""
    from fulcrum.assess.robustness import assess_robustness, plot_curves

    result = assess_robustness(
        model,
        data,
        label=label,
        features=split(features) or None,
        sensitive=split(sensitive),
        corruptions=split(corruption) or None,
        severities=severities(severity),
        repeats=repeats,
        adversarial_rows=adversarial,
        adversarial_method=attack,
        task=task,
        ci=ci,
        thresholds=threshold or (),
        requirements=requirement or (),
        max_rows=max_rows,
        seed=seed,
        trust_pickle=trust_pickle,
        trust=trust_type or (),
        progress=None,
    )
    if plot is not None:
        plot_curves(result, plot)
    if output_format == "json":
        print_json(result.to_dict())
    else:
        print_text(result.to_dict(), _curve_lines)
    if not sys.stdout.isatty():
        sys.stdout.flush()


def _fmt(value: Any) -> str:
    return "—" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)


def _curve_lines(report: dict[str, Any]) -> None:
    metric = "accuracy" if report["task"] == "classification" else "r2"
    console.print(f"clean {metric}: {_fmt(report['baseline'][metric])} ({report['rows']} rows)")
    for name, curve in report["curves"].items():
        if "skipped" in curve:
            console.print(f"{name}: skipped ({curve['skipped']})")
            continue
        cells = [
            f"{p['severity']:g}: {p['error'] if 'error' in p else _fmt(p[metric])}"
            for p in curve["points"]
        ]
        console.print(f"{name} {metric}: " + "; ".join(cells), highlight=False)
    stab = report.get("stability", {})
    if "flip_rate" in stab:
        console.print(f"stability: flip rate {_fmt(stab['flip_rate'])} at noise {stab['severity']}")
    for section in report.get("counterfactual", []):
        console.print(f"counterfactual {section['column']}: flip rate {_fmt(section['flip_rate'])}")
    if "adversarial" in report and "median_l2" in report["adversarial"]:
        adv = report["adversarial"]
        console.print(
            f"adversarial ({adv['method']}): median L2 {_fmt(adv['median_l2'])} sd, "
            f"success {_fmt(adv['success_rate'])}"
        )


def print_text(report: dict[str, Any], body: Any) -> None:
    """Print a report's body lines, its checks and the evidence id."""
    body(report)
    for check in report["checks"]:
        console.print(f"[{check['verdict']}] {check['metric']}: {check['reason']}", highlight=False)
    evidence = report["evidence"]
    console.print(f"verdict: {evidence['verdict']}  evidence: {evidence['id']}")


def register(app: typer.Typer) -> None:
    """Add ``fulcrum assess robustness``."""
    app.command("robustness")(robustness)
