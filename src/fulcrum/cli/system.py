"""``fulcrum system``: the registry of AI systems and their versions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from fulcrum.cli._db import AsOption, TokenOption, acting
from fulcrum.cli._output import OutputFormat, console, print_json

app = typer.Typer(
    help="Register AI systems, list them, and classify their versions.", no_args_is_help=True
)

FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="json or text.")]


@app.command("register")
def register_system(
    profile: Annotated[Path, typer.Argument(help="Profile file (YAML or JSON).")],
    format: FormatOption = "text",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Register a profile; a changed profile becomes a new version, the old one is kept.

    A new version whose classification changed sends approved review cases to re-review.
    """
    from fulcrum.profile import load_profile
    from fulcrum.registry import Registry
    from fulcrum.review import rereview_listener

    parsed = load_profile(profile)
    with acting(as_user, token) as (session, actor):
        registry = Registry(session, actor, listeners=(rereview_listener(actor),))
        outcome = registry.register(parsed)
    payload = {
        "system": outcome.system,
        "version": outcome.version,
        "created": outcome.created,
        "classification_changed": outcome.classification_changed,
        "classification": outcome.classification,
    }
    if format == "json":
        print_json(payload)
        return
    verb = "registered version" if outcome.created else "unchanged; still version"
    c = outcome.classification
    console.print(
        f"{outcome.system}: {verb} {outcome.version} - EU tier {c['eu_ai_act']['tier']}, "
        f"ethics grade {c['ethics_grade']}, {c['review_procedure']} procedure",
        markup=False,
    )


@app.command("list")
def list_systems(
    format: FormatOption = "text", as_user: AsOption = None, token: TokenOption = None
) -> None:
    """List registered systems with their newest classification."""
    from fulcrum.registry import Registry

    with acting(as_user, token, write=False) as (session, actor):
        rows, total = Registry(session, actor).list_systems(limit=10_000)
    if format == "json":
        print_json({"data": [r.__dict__ for r in rows], "count": total})
        return
    table = Table("system", "name", "owner", "versions", "EU tier", "grade", "next due")
    for r in rows:
        due = r.next_due.isoformat() if r.next_due else "-"
        grade = r.ethics_grade or "-"
        cells = (r.system, r.name, r.owner, r.versions, r.eu_tier or "-", grade, due)
        table.add_row(*(Text(str(c)) for c in cells))
    console.print(table)


@app.command("show")
def show_system(
    system: Annotated[str, typer.Argument(help="System id (slug).")],
    version: Annotated[int | None, typer.Option(help="Version number (default newest).")] = None,
    format: FormatOption = "text",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Show a system's profile and newest classification."""
    from fulcrum.registry import Registry
    from fulcrum.reports.classification import render_classification_text

    with acting(as_user, token, write=False) as (session, actor):
        detail = Registry(session, actor).show(system, version=version)
    if format == "json":
        print_json(detail)
        return
    console.print(
        f"{detail['system']} - {detail['name']} (owner {detail['owner'] or '-'}), "
        f"version {detail['version']} of {detail['versions']}",
        markup=False,
    )
    if detail["classification"]:
        console.print(
            render_classification_text(detail["classification"]), highlight=False, markup=False
        )


@app.command("classify")
def classify_system(
    system: Annotated[str, typer.Argument(help="System id (slug).")],
    version: Annotated[int | None, typer.Option(help="Version number (default newest).")] = None,
    format: FormatOption = "text",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Classify a stored version again under the current rule set and store the result."""
    from fulcrum.registry import Registry
    from fulcrum.reports.classification import render_classification_text

    with acting(as_user, token) as (session, actor):
        result = Registry(session, actor).classify(system, version=version)
    if format == "json":
        print_json(result)
    else:
        console.print(render_classification_text(result), highlight=False, markup=False)


@app.command("history")
def history(
    system: Annotated[str, typer.Argument(help="System id (slug).")],
    format: FormatOption = "text",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Every version of a system and the classifications stored for it."""
    from fulcrum.registry import Registry

    with acting(as_user, token, write=False) as (session, actor):
        versions = Registry(session, actor).history(system)
    if format == "json":
        print_json([v.__dict__ for v in versions])
        return
    table = Table("version", "label", "registered", "by", "EU tier", "grade", "rule set")
    for v in versions:
        last = v.classifications[-1] if v.classifications else {}
        cells = (
            v.number,
            v.label,
            v.registered_at.isoformat(timespec="seconds"),
            v.registered_by or "-",
            last.get("eu_tier", "-"),
            last.get("ethics_grade", "-"),
            last.get("ruleset_version", "-"),
        )
        table.add_row(*(Text(str(c)) for c in cells))
    console.print(table)


@app.command("obligations")
def obligations(
    system: Annotated[str, typer.Argument(help="System id (slug).")],
    version: Annotated[int | None, typer.Option(help="Version number (default newest).")] = None,
    format: FormatOption = "text",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """The obligations checklist: status, owner, due date and evidence of each."""
    from fulcrum.registry import ObligationService

    with acting(as_user, token, write=False) as (session, actor):
        rows = ObligationService(session, actor).list(system, version=version)
    if format == "json":
        print_json([r.model_dump(mode="json") for r in rows])
        return
    table = Table("obligation", "status", "owner", "due", "evidence", "title")
    for r in rows:
        due = (r.due.isoformat() if r.due else "-") + (" OVERDUE" if r.overdue else "")
        cells = (r.obligation, r.status, r.owner or "-", due, len(r.evidence), r.title)
        table.add_row(*(Text(str(c)) for c in cells))
    console.print(table)


@app.command("obligation")
def update_obligation(
    system: Annotated[str, typer.Argument(help="System id (slug).")],
    obligation: Annotated[str, typer.Argument(help="Obligation (requirement) id.")],
    status: Annotated[
        str | None,
        typer.Option(help="open, in_progress, evidenced, verified or not_applicable."),
    ] = None,
    owner: Annotated[str | None, typer.Option(help="User who owns it.")] = None,
    due: Annotated[str | None, typer.Option(help="Due date, YYYY-MM-DD.")] = None,
    justification: Annotated[
        str | None, typer.Option(help="Why (required for not_applicable).")
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option(
            help="SHA-256 of stored evidence to link (its verdict and provenance come from "
            "the store)."
        ),
    ] = None,
    evidence_name: Annotated[
        str | None, typer.Option(help="Name shown for the linked evidence.")
    ] = None,
    version: Annotated[int | None, typer.Option(help="Version number (default newest).")] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Update one obligation's status, owner, due date or justification, or link evidence."""
    from pydantic import ValidationError

    from fulcrum.errors import InputError
    from fulcrum.registry import ObligationService, ObligationUpdate

    try:
        change = ObligationUpdate.model_validate(
            {"status": status, "owner": owner, "due": due, "justification": justification}
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(f"--{first['loc'][0]}: {first['msg']}") from exc
    with acting(as_user, token) as (session, actor):
        service = ObligationService(session, actor)
        row = None
        if evidence is not None:
            row = service.link_evidence(
                system, obligation, sha256=evidence, name=evidence_name, version=version
            )
        if row is None or change.model_dump(exclude_none=True):
            row = service.update(system, obligation, change, version=version)
    console.print(f"{system} {row.obligation}: {row.status}", markup=False)


def _date(text: str | None, option: str) -> dt.date | None:
    from fulcrum.errors import InputError

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"{option}: expected a date YYYY-MM-DD, got {text!r}") from exc


@app.command("impact")
def impact(
    as_of: Annotated[
        str | None, typer.Option(help="The law as it will stand on this date (YYYY-MM-DD).")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Compare with the law on this date (default today).")
    ] = None,
    ruleset: Annotated[
        Path | None,
        typer.Option(help="Compare with this older rule set (a catalog folder) instead."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option(help="Only report: record no events, open no re-reviews.")
    ] = False,
    format: FormatOption = "text",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """What a change of law does to every registered system (tier, obligations, deadlines).

    Each affected system gets an event; where its tier or grade rises it is reclassified
    and its approved cases go to re-review.
    """
    from fulcrum.review import ImpactService

    after_date, since_date = _date(as_of, "--as-of"), _date(since, "--since")
    before = since_date
    if ruleset is not None:
        from fulcrum.catalog import load_catalog

        before = load_catalog(ruleset)  # type: ignore[assignment]
    with acting(as_user, token) as (session, actor):
        report = ImpactService(session, actor).analyse(
            before=before,
            after=after_date if ruleset is None else None,
            as_of=after_date,
            record=not dry_run,
        )
    if format == "json":
        print_json(report.to_dict())
        return
    console.print(
        f"impact of {report.before} -> {report.after}: {len(report.changed)} of "
        f"{len(report.systems)} systems affected, {len(report.rereview_due)} rise in tier",
        markup=False,
    )
    table = Table("system", "tier", "grade", "added", "removed", "deadlines moved", "now binding")
    for s in report.changed:
        tier = (
            s.tier_after if s.tier_before == s.tier_after else f"{s.tier_before} -> {s.tier_after}"
        )
        grade = (
            s.grade_after
            if s.grade_before == s.grade_after
            else f"{s.grade_before} -> {s.grade_after}"
        )
        cells = (
            s.system,
            tier,
            grade,
            len(s.obligations_added),
            len(s.obligations_removed),
            len(s.deadlines_moved),
            len(s.now_in_force),
        )
        table.add_row(*(Text(str(c)) for c in cells))
    console.print(table)


def register(root: typer.Typer) -> None:
    """Add the ``system`` group."""
    root.add_typer(app, name="system")
