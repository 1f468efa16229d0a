"""``fulcrum assess labels``: write and check GB 45438 AIGC labels (and read C2PA manifests)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from fulcrum.cli._output import console, print_json

labels_app = typer.Typer(
    help="AIGC labels: write the GB 45438 metadata label, check labels and C2PA manifests.",
    no_args_is_help=True,
)


@labels_app.command("add")
def add(
    src: Annotated[Path, typer.Argument(help="Input file (never modified).")],
    dst: Annotated[Path, typer.Argument(help="Output file.")],
    producer: Annotated[
        str, typer.Option("--producer", help="ContentProducer: provider name or code.")
    ],
    content_id: Annotated[str, typer.Option("--content-id", help="ProduceID: the content's id.")],
    label: Annotated[str, typer.Option("--label", help="Label value (1 = AI generated).")] = "1",
    propagator: Annotated[str, typer.Option("--propagator", help="ContentPropagator.")] = "",
    propagate_id: Annotated[str, typer.Option("--propagate-id", help="PropagateID.")] = "",
    visible: Annotated[
        bool, typer.Option("--visible", help="Also draw a visible label (images).")
    ] = False,
    text: Annotated[str | None, typer.Option("--text", help="Visible label text.")] = None,
    font: Annotated[
        str | None, typer.Option("--font", help="TrueType font for the visible label (CJK).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite DST.")] = False,
) -> None:
    """Write the AIGC metadata label into a copy of a PNG, JPEG, WebP, MP3, WAV or MP4 file."""
    from fulcrum.assess.labels import add_label

    print_json(
        add_label(
            src,
            dst,
            producer=producer,
            content_id=content_id,
            label=label,
            propagator=propagator,
            propagate_id=propagate_id,
            visible=visible,
            text=text,
            font=font,
            overwrite=force,
        )
    )


@labels_app.command("check")
def check(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (folders recursively).")],
    fmt: Annotated[
        Literal["json", "text"], typer.Option("--format", "-f", help="json or text.")
    ] = "json",
    threshold: Annotated[
        list[str] | None, typer.Option("--threshold", help='e.g. "labelled_share>=1".')
    ] = None,
    requirement: Annotated[
        list[str] | None, typer.Option("--requirement", help="Catalog requirement id.")
    ] = None,
    no_c2pa: Annotated[bool, typer.Option("--no-c2pa", help="Skip C2PA manifests.")] = False,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Progress bar.")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when the verdict is fail.")
    ] = False,
) -> None:
    """Report each file's metadata label, C2PA manifest and verdict, as evidence."""
    from fulcrum.assess.labels import check_labels

    report = check_labels(
        paths,
        c2pa=not no_c2pa,
        thresholds=threshold or (),
        requirements=requirement,
        progress=progress,
    )
    payload = report.to_dict()
    if fmt == "json":
        print_json(payload)
    else:
        for item in payload["files"]:
            console.print(f"[{item['verdict']}] {item['file']}: {item.get('reason')}", markup=False)
        console.print(f"verdict: {payload['verdict']}  evidence: {payload['evidence']['id']}")
    if strict and payload["verdict"] == "fail":
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``fulcrum assess labels``."""
    app.add_typer(labels_app, name="labels")
