"""``fulcrum assess explain MODEL DATA``: permutation importance, SHAP by group, PDP."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from fulcrum.cli._output import console, print_json
from fulcrum.cli.assess.robustness import print_text, split

Format = Literal["json", "text"]
ShapMethod = Literal["auto", "exact", "tree", "permutation"]
Task = Literal["auto", "classification", "regression"]


def explain(
    model: Annotated[
        str, typer.Argument(help="Model: .skops, .onnx, .joblib/.pkl or http(s) URL.")
    ],
    data: Annotated[str, typer.Argument(help="CSV or Parquet file of evaluation rows.")],
    label: Annotated[str, typer.Option("--label", help="Column of true labels.")],
    features: Annotated[
        str | None, typer.Option("--features", help="Model input columns, comma-separated.")
    ] = None,
    sensitive: Annotated[
        str | None, typer.Option("--sensitive", help="Sensitive column(s), comma-separated.")
    ] = None,
    repeats: Annotated[int, typer.Option("--repeats", help="Shuffles per feature.")] = 5,
    no_shap: Annotated[bool, typer.Option("--no-shap", help="Skip SHAP values.")] = False,
    shap_method: Annotated[
        ShapMethod, typer.Option("--shap-method", help="auto, exact, tree or permutation.")
    ] = "auto",
    shap_rows: Annotated[int, typer.Option("--shap-rows", help="Rows explained by SHAP.")] = 200,
    pdp: Annotated[
        str | None, typer.Option("--pdp", help="Features for partial dependence (default: top 3).")
    ] = None,
    min_group_size: Annotated[
        int, typer.Option("--min-group-size", help="Smaller groups are left out of SHAP gaps.")
    ] = 30,
    task: Annotated[
        Task, typer.Option("--task", help="auto, classification or regression.")
    ] = "auto",
    max_rows: Annotated[
        int | None, typer.Option("--max-rows", help="Sample this many rows first.")
    ] = None,
    ci: Annotated[float, typer.Option("--ci", help="Confidence level of intervals.")] = 0.95,
    threshold: Annotated[
        list[str] | None,
        typer.Option("--threshold", help='A limit such as "sensitive_importance_share<=0.05".'),
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
        Path | None, typer.Option("--plot", help="Save the panels to FILE.png or FILE.svg.")
    ] = None,
) -> None:
    """Which features drive the model, overall and per sensitive group, with intervals."""
    from fulcrum.assess.explain import assess_explain, plot_explanation

    result = assess_explain(
        model,
        data,
        label=label,
        features=split(features) or None,
        sensitive=split(sensitive),
        n_repeats=repeats,
        shap=not no_shap,
        shap_method=shap_method,
        shap_rows=shap_rows,
        pdp=split(pdp) if pdp is not None else None,
        min_group_size=min_group_size,
        task=task,
        ci=ci,
        thresholds=threshold or (),
        requirements=requirement or (),
        max_rows=max_rows,
        seed=seed,
        trust_pickle=trust_pickle,
        trust=trust_type or (),
    )
    if plot is not None:
        plot_explanation(result, plot)
    if output_format == "json":
        print_json(result.to_dict())
    else:
        print_text(result.to_dict(), _lines)
    if not sys.stdout.isatty():
        sys.stdout.flush()


def _lines(report: dict[str, Any]) -> None:
    console.print(f"baseline {report['score']}: {report['baseline_score']:.4f}")
    for row in report["permutation_importance"]:
        lo, hi = row["ci"]
        console.print(
            f"  {row['feature']}: {row['importance']:.4f} [{lo:.4f}, {hi:.4f}]", highlight=False
        )
    if "sensitive_importance_share" in report:
        console.print(f"sensitive share: {report['sensitive_importance_share']['value']:.4f}")
    for column, section in report.get("shap", {}).get("by_group", {}).items():
        if section["max_share_gap"] is None:
            console.print(f"SHAP share gap by {column}: — ({section['reason']})")
            continue
        small = [g for g, v in section["groups"].items() if v["small"]]
        note = f"; left out, too few rows: {', '.join(small)}" if small else ""
        console.print(
            f"SHAP share gap by {column}: {section['max_share_gap']:.4f} "
            f"({section['max_share_gap_feature']}){note}",
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    """Add ``fulcrum assess explain``."""
    app.command("explain")(explain)
