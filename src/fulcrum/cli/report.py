"""``fulcrum report``: the dossier, Statement of Applicability, model card, bias audit, filing.

SYSTEM is a registered system's id (read from the database) or a profile file (classified
in memory; ``--evidence`` attaches evidence JSON files either way).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from fulcrum.cli._db import AsOption, TokenOption
from fulcrum.cli._output import err_console

if TYPE_CHECKING:
    from fulcrum.reports import DossierInput, EvidenceItem

app = typer.Typer(
    help="Reports: dossier, Statement of Applicability, model card, bias audit, filing draft.",
    no_args_is_help=True,
)

LangOption = Annotated[
    Literal["en", "zh-CN"], typer.Option("--lang", help="Language: en or zh-CN.")
]
OutOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
]
VersionOption = Annotated[int | None, typer.Option("--version", help="System version number.")]
EvidenceOption = Annotated[
    list[Path] | None,
    typer.Option("--evidence", "-e", help="Evidence JSON file to include (repeatable)."),
]
OrgOption = Annotated[str, typer.Option("--organisation", help="Organisation name shown.")]


def write_output(
    data: bytes, output: Path | None, inputs: Sequence[str | Path | None] = ()
) -> None:
    """Write bytes to ``output`` (atomically, never onto one of ``inputs``) or stdout.

    A binary format is not spilled on a terminal.
    """
    if output is None:
        if sys.stdout.isatty() and data[:4] in (b"%PDF", b"PK\x03\x04"):
            from fulcrum.errors import InputError

            raise InputError("this format is binary: give --output FILE")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from fulcrum._atomic import write_atomic

    write_atomic(output, data, *inputs)
    err_console.print(f"wrote {output} ({len(data):,} bytes)", highlight=False)


def is_profile_file(system: str) -> bool:
    """SYSTEM names a profile file (classified in memory) rather than a registered system."""
    path = Path(system)
    return path.suffix.lower() in (".yaml", ".yml", ".json") or path.is_file()


def profile_record(
    system: str, *, evidence: list[Path] | None = None, organisation: str = ""
) -> DossierInput:
    """The record of a profile file: classified in memory, nothing read from the database."""
    from fulcrum.profile import load_profile
    from fulcrum.reports import dossier_input
    from fulcrum.rules import classify

    profile = load_profile(Path(system))
    return dossier_input(
        profile.model_dump(mode="json"),
        classify(profile).to_dict(),
        evidence=extra_evidence(evidence),
        organisation=organisation,
    )


def extra_evidence(paths: list[Path] | None) -> tuple[EvidenceItem, ...]:
    """Evidence JSON files given with ``--evidence``."""
    from fulcrum.reports import EvidenceItem, load_evidence

    return tuple(EvidenceItem(evidence=load_evidence(p)) for p in paths or [])


def issue(
    system: str, kind: str, fmt: str, *, lang: str = "en", output: Path | None,
    version: int | None = None, evidence: list[Path] | None = None, framework: str | None = None,
    checkpoint: Path | None = None, organisation: str = "", as_user: str | None = None,
    token: str | None = None,
) -> None:  # fmt: skip
    """Render a report and write it; for a registered system its hash is logged first."""
    from fulcrum._atomic import check_output
    from fulcrum.reports._service import ReportService, check_request, render

    inputs = (system, *(evidence or ()), checkpoint)
    if output is not None:
        check_output(output, inputs)  # before the issue is logged: a refused run changes nothing
    if is_profile_file(system):
        report, chosen = check_request(kind, fmt, lang)
        record = profile_record(system, evidence=evidence, organisation=organisation)
        data = render(record, report, chosen, lang, framework=framework)  # type: ignore[arg-type]
        write_output(data, output, inputs)
        return
    from fulcrum.audit import read_checkpoint
    from fulcrum.cli._db import acting

    cp = read_checkpoint(checkpoint) if checkpoint else None
    with acting(as_user, token) as (session, actor):
        issued = ReportService(session, actor).issue(
            system, kind, format=fmt, lang=lang, version=version, framework=framework,
            checkpoint=cp, organisation=organisation, extra_evidence=extra_evidence(evidence),
        )  # fmt: skip
    write_output(issued.data, output, inputs)


@app.command("dossier")
def dossier(
    system: Annotated[str, typer.Argument(help="System id, or a profile file.")],
    format: Annotated[Literal["html", "pdf"], typer.Option("--format", "-f")] = "html",
    lang: LangOption = "en",
    output: OutOption = None,
    version: VersionOption = None,
    evidence: EvidenceOption = None,
    checkpoint: Annotated[
        Path | None, typer.Option(help="Checkpoint file to verify in the integrity appendix.")
    ] = None,
    organisation: OrgOption = "",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """The system dossier after EU AI Act Annex IV, as HTML or PDF."""
    issue(
        system, "dossier", format, lang=lang, output=output, version=version, evidence=evidence,
        checkpoint=checkpoint, organisation=organisation, as_user=as_user, token=token,
    )  # fmt: skip


@app.command("soa")
def soa(
    framework: Annotated[str, typer.Option(help="Framework with controls.")] = "iso-iec-42001",
    system: Annotated[
        str | None, typer.Option(help="System id or profile file (default: organisation-wide).")
    ] = None,
    format: Annotated[Literal["html", "csv", "xlsx", "pdf"], typer.Option("--format", "-f")] = (
        "html"
    ),
    lang: LangOption = "en",
    output: OutOption = None,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Statement of Applicability: every control, applicable or not, why, status, evidence."""
    from fulcrum.reports import build_soa, render_soa

    if system is None:
        statement = build_soa(framework, lang=lang)
        write_output(render_soa(statement, format=format, lang=lang), output)
        return
    issue(
        system, "soa", format, lang=lang, output=output, framework=framework, as_user=as_user,
        token=token,
    )  # fmt: skip


@app.command("model-card")
def model_card(
    system: Annotated[str, typer.Argument(help="System id, or a profile file.")],
    format: Annotated[Literal["md", "html", "cyclonedx"], typer.Option("--format", "-f")] = "md",
    output: OutOption = None,
    version: VersionOption = None,
    evidence: EvidenceOption = None,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Model card (Hugging Face sections) as Markdown or HTML, or a CycloneDX 1.6 ML-BOM."""
    issue(
        system, "model-card", format, output=output, version=version, evidence=evidence,
        as_user=as_user, token=token,
    )  # fmt: skip


@app.command("bias-audit")
def bias_audit(
    evidence: Annotated[Path, typer.Argument(help="Fairness evidence JSON (sex x race groups).")],
    format: Annotated[Literal["html", "csv", "pdf"], typer.Option("--format", "-f")] = "html",
    sex: Annotated[str, typer.Option(help="Column holding sex.")] = "sex",
    race: Annotated[str, typer.Option(help="Column holding race/ethnicity.")] = "race",
    audit_date: Annotated[
        str | None, typer.Option(help="Audit date YYYY-MM-DD (default: the evidence's date).")
    ] = None,
    data_from: Annotated[str | None, typer.Option(help="First date of the data.")] = None,
    data_to: Annotated[str | None, typer.Option(help="Last date of the data.")] = None,
    rate: Annotated[
        Literal["selection", "scoring"],
        typer.Option(help="scoring: the prediction was 'score above the sample median'."),
    ] = "selection",
    lang: LangOption = "en",
    output: OutOption = None,
) -> None:
    """Bias audit in the form of NYC Local Law 144: selection rates and impact ratios."""
    from fulcrum.reports import build_bias_audit, load_evidence, render_bias_audit

    audit = build_bias_audit(
        load_evidence(evidence), sex=sex, race=race, audit_date=_date(audit_date, "audit-date"),
        data_from=_date(data_from, "data-from"), data_to=_date(data_to, "data-to"), rate=rate,
    )  # fmt: skip
    write_output(render_bias_audit(audit, format=format, lang=lang), output, (evidence,))


@app.command("cn-filing")
def cn_filing(
    system: Annotated[str, typer.Argument(help="System id, or a profile file.")],
    format: Annotated[Literal["html", "pdf"], typer.Option("--format", "-f")] = "html",
    lang: LangOption = "zh-CN",
    output: OutOption = None,
    version: VersionOption = None,
    evidence: EvidenceOption = None,
    organisation: OrgOption = "",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """China algorithm-filing draft and security self-assessment skeleton, with the gaps."""
    issue(
        system, "cn-filing", format, lang=lang, output=output, version=version, evidence=evidence,
        organisation=organisation, as_user=as_user, token=token,
    )  # fmt: skip


def _date(value: str | None, option: str) -> dt.date | None:
    from fulcrum.errors import InputError

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--{option} {value!r} is not a date YYYY-MM-DD") from None


def register(root: typer.Typer) -> None:
    """Add ``fulcrum report``."""
    root.add_typer(app, name="report")
