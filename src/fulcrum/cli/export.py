"""``fulcrum export oscal``: OSCAL catalog, component definition and assessment results (JSON)."""

from __future__ import annotations

from typing import Annotated

import typer

from fulcrum.cli._db import AsOption, TokenOption
from fulcrum.cli.report import (
    EvidenceOption,
    OutOption,
    VersionOption,
    issue,
    write_output,
)

app = typer.Typer(help="Export records in open formats.", no_args_is_help=True)
oscal = typer.Typer(help="OSCAL 1.1 JSON documents.", no_args_is_help=True)
app.add_typer(oscal, name="oscal")

SystemOption = Annotated[str, typer.Option("--system", help="System id, or a profile file.")]


@oscal.command("catalog")
def catalog(
    framework: Annotated[str, typer.Option(help="Framework id, e.g. iso-iec-42001.")],
    output: OutOption = None,
) -> None:
    """A framework's controls and requirements as an OSCAL catalog."""
    from fulcrum.reports.oscal import oscal_catalog, to_json

    write_output(to_json(oscal_catalog(framework)), output)


@oscal.command("component-definition")
def component_definition(
    system: SystemOption,
    output: OutOption = None,
    version: VersionOption = None,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """The system as an OSCAL component implementing the requirements that apply to it."""
    issue(
        system, "oscal-component-definition", "json", output=output, version=version,
        as_user=as_user, token=token,
    )  # fmt: skip


@oscal.command("assessment-results")
def assessment_results(
    system: SystemOption,
    output: OutOption = None,
    version: VersionOption = None,
    evidence: EvidenceOption = None,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """The system's evidence (observations) and obligations (findings) as OSCAL results."""
    issue(
        system, "oscal-assessment-results", "json", output=output, version=version,
        evidence=evidence, as_user=as_user, token=token,
    )  # fmt: skip


def register(root: typer.Typer) -> None:
    """Add ``fulcrum export``."""
    root.add_typer(app, name="export")
