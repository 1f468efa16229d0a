"""``fulcrum catalog``: browse and query the knowledge graph of rules."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.table import Table

from fulcrum.catalog import Catalog, Requirement, framework_of, get_catalog
from fulcrum.cli._output import OutputFormat, console, heading, print_json
from fulcrum.errors import InputError

app = typer.Typer(
    help="Browse and query the knowledge graph of principles, laws and standards.",
    no_args_is_help=True,
)
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="json or text.")]


def _summary(item: Any) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": get_catalog().kind_of(item.id) if ":" in item.id else "framework",
        "title": item.title,
        "framework": framework_of(item.id),
    }


@app.command("list")
def list_items(
    kind: Annotated[
        str | None,
        typer.Option(help="frameworks, provisions, requirements, controls, principles or rules."),
    ] = None,
    framework: Annotated[str | None, typer.Option(help="Only items of this framework id.")] = None,
    format: FormatOption = "text",
) -> None:
    """List frameworks (default), or items of one kind and/or framework."""
    catalog = get_catalog()
    if kind is None and framework is None:
        rows = [
            {
                "id": f.id,
                "title": f.short_title,
                "kind": f.kind,
                "jurisdiction": f.jurisdiction,
                "version": f.version,
                "requirements": sum(1 for r in catalog.requirements if framework_of(r) == f.id),
            }
            for f in catalog.items("frameworks")
        ]
        if format == "json":
            print_json(rows)
            return
        table = Table(
            "id",
            "title",
            "kind",
            "jurisdiction",
            "version",
            "requirements",
            title=f"Catalog (rule set {catalog.version})",
        )
        for r in rows:
            table.add_row(
                r["id"],
                r["title"],
                r["kind"],
                r["jurisdiction"] or "-",
                r["version"],
                str(r["requirements"]),
            )
        console.print(table)
        return
    items = [_summary(i) for i in catalog.items(kind, framework)]
    if format == "json":
        print_json(items)
        return
    table = Table("id", "kind", "title")
    for i in items:
        table.add_row(i["id"], i["kind"], i["title"])
    console.print(table)


@app.command("show")
def show(
    item_id: Annotated[str, typer.Argument(help="Catalog id.")], format: FormatOption = "text"
) -> None:
    """Show one item with its crosswalk edges."""
    catalog = get_catalog()
    item = catalog.get(item_id)
    data = item.model_dump(mode="json", by_alias=True, exclude_none=True)
    edges = (
        [
            {"relation": e.relation, "other": e.other, "rationale": e.rationale}
            for e in catalog.crosswalk(item_id)
        ]
        if ":" in item_id
        else []
    )
    if format == "json":
        print_json({**data, "crosswalk": edges})
        return
    console.print(heading(item.id, f" {item.title}"), highlight=False)
    for key, value in data.items():
        if key not in {"id", "title"} and value not in ((), [], {}, None, ""):
            console.print(f"  {key}: {value}", highlight=False, soft_wrap=True)
    for e in edges:
        console.print(f"  {e['relation']} -> {e['other']}: {e['rationale']}", highlight=False)


@app.command("search")
def search(
    text: Annotated[str, typer.Argument(help="Words to look for.")],
    limit: Annotated[int, typer.Option(help="Most results.")] = 20,
    format: FormatOption = "text",
) -> None:
    """Search ids, titles and texts of every item."""
    hits = [_summary(item) | {"score": score} for score, item in get_catalog().search(text, limit)]
    if format == "json":
        print_json(hits)
        return
    table = Table("id", "kind", "title")
    for h in hits:
        table.add_row(h["id"], h["kind"], h["title"])
    console.print(table)


@app.command("crosswalk")
def crosswalk(
    item_id: Annotated[str, typer.Argument(help="Catalog id.")], format: FormatOption = "text"
) -> None:
    """Crosswalk edges of an item (SKOS relations, read from its side)."""
    edges = [
        {
            "relation": e.relation,
            "other": e.other,
            "direction": e.direction,
            "rationale": e.rationale,
        }
        for e in get_catalog().crosswalk(item_id)
    ]
    if format == "json":
        print_json(edges)
        return
    table = Table("relation", "other", "rationale", title=item_id)
    for e in edges:
        table.add_row(e["relation"], e["other"], e["rationale"])
    console.print(table)


@app.command("coverage")
def coverage(
    source: Annotated[str, typer.Argument(help="Framework A: whose requirements to cover.")],
    targets: Annotated[
        list[str],
        typer.Argument(help="Framework B (or several: a matrix of where one serves many)."),
    ],
    hops: Annotated[int, typer.Option(help="Longest crosswalk path.")] = 2,
    format: FormatOption = "text",
) -> None:
    """Which requirements of framework A are covered through crosswalks by B (or by B, C, ...)."""
    catalog = get_catalog()
    if len(targets) > 1:
        matrix = catalog.coverage_matrix(source, tuple(targets), hops=hops)
        if format == "json":
            print_json(
                {
                    "source": source,
                    "targets": targets,
                    "requirements": [
                        {"requirement": r, "status": s, "covered_in": n} for r, s, n in matrix
                    ],
                }
            )
            return
        table = Table(
            "requirement", *targets, "serves", title=f"{source} across {len(targets)} frameworks"
        )
        for req_id, statuses, count in matrix:
            table.add_row(req_id, *(statuses[t] for t in targets), f"{count}/{len(targets)}")
        console.print(table)
        return
    target = targets[0]
    rows = catalog.coverage(source, target, hops=hops)
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("covered", "partial", "none")}
    if format == "json":
        print_json(
            {
                "source": source,
                "target": target,
                "summary": counts,
                "requirements": [
                    {
                        "requirement": r.requirement,
                        "status": r.status,
                        "covered_by": [
                            {"id": i, "relation": rel, "path": list(p)}
                            for i, rel, p in r.covered_by
                        ],
                    }
                    for r in rows
                ],
            }
        )
        return
    table = Table(
        "requirement",
        "status",
        f"covered by ({target})",
        title=f"{source} covered by {target}: {counts}",
    )
    for r in rows:
        table.add_row(
            r.requirement, r.status, ", ".join(f"{i} ({rel})" for i, rel, _ in r.covered_by) or "-"
        )
    console.print(table)


@app.command("query")
def query(
    file: Annotated[Path, typer.Argument(help="SPARQL query file (.rq).")],
    format: FormatOption = "text",
) -> None:
    """Run a SPARQL SELECT or ASK query over the catalog graph (prefixes predeclared)."""
    from fulcrum._yaml import read_text
    from fulcrum.catalog._rdf import query as run_query

    text = read_text(file)
    if not text.strip():
        raise InputError(f"{file}: empty; expected a SPARQL SELECT or ASK query")
    rows = run_query(get_catalog(), text, source=str(file))
    if format == "json":
        print_json(rows)
        return
    if not rows:
        console.print("no results")
        return
    table = Table(*rows[0].keys())
    for row in rows:
        table.add_row(*(v or "" for v in row.values()))
    console.print(table)


@app.command("export")
def export(
    format: Annotated[
        Literal["turtle", "jsonld", "ntriples"],
        typer.Option("--format", "-f", help="RDF serialisation."),
    ] = "turtle",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write.")] = None,
) -> None:
    """Export the catalog as RDF (SKOS, DPV and ELI terms)."""
    from fulcrum.catalog._rdf import export as to_rdf

    text = to_rdf(get_catalog(), format)
    if output is None:
        typer.echo(text)
        return
    from fulcrum._atomic import write_atomic

    write_atomic(output, text)
    console.print(f"wrote {output}")


@app.command("validate")
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(help="Extra catalog folder to check (default: the bundled one)."),
    ] = None,
    standalone: Annotated[
        bool,
        typer.Option(help="Check the folder on its own, not on top of the bundled catalog."),
    ] = False,
) -> None:
    """Load and check a catalog folder: every file, field and reference (exit 2 on any error).

    An extra folder is checked on top of the bundled catalog, so its crosswalks may
    point at bundled items; ``--standalone`` checks a complete catalog on its own.
    """
    from fulcrum.catalog import DATA_DIR, load_catalog

    if path is not None and not path.is_dir():
        what = "is a file" if path.exists() else "no such folder"
        raise InputError(f"{path}: {what}; a catalog is a folder of *.yaml files")
    if path is None:
        catalog: Catalog = get_catalog()
    elif standalone or path.resolve() == DATA_DIR.resolve():
        catalog = load_catalog(path)
    else:
        catalog = load_catalog(extra=[path])
    counts = {
        k: len(getattr(catalog, k))
        for k in (
            "frameworks",
            "provisions",
            "requirements",
            "controls",
            "principles",
            "rules",
            "amendments",
            "precedents",
        )
    }
    questions = sum(
        len(r.evidence.questions)
        for r in catalog.requirements.values()
        if isinstance(r, Requirement)
    )
    console.print(
        f"catalog OK (rule set {catalog.version}): {counts}, "
        f"{len(catalog.mappings)} crosswalk edges, {questions} questions"
    )


@app.command("diff")
def diff_command(
    old: Annotated[
        str | None,
        typer.Argument(help="Old rule set: a catalog folder, or a date (YYYY-MM-DD)."),
    ] = None,
    new: Annotated[
        str | None,
        typer.Argument(help="New rule set: a catalog folder, or a date (default: today's law)."),
    ] = None,
    format: FormatOption = "text",
) -> None:
    """What changed between two rule sets or two dates: items added, removed or changed.

    ``fulcrum catalog diff 2026-07-01 2026-12-02`` shows what the amendments in force
    between the two dates changed; ``fulcrum catalog diff old-catalog/`` compares an
    old rule-set folder with the bundled catalog.
    """
    import datetime as dt

    from fulcrum.catalog._diff import diff

    if old is None:
        raise InputError("catalog diff: give an old rule set (a folder) or a date (YYYY-MM-DD)")
    result = diff(_ruleset(old), _ruleset(new or dt.date.today().isoformat()))
    if format == "json":
        print_json(result.to_dict())
        return
    table = Table("change", "kind", "id", "what", title=f"{result.before} -> {result.after}")
    for item in result.items:
        what = "; ".join(f"{f.field}: {_short(f.before)} -> {_short(f.after)}" for f in item.fields)
        table.add_row(item.change, item.kind, item.id, what)
    for source, relation, target in result.mappings_added:
        table.add_row("added", "crosswalk", f"{source} {relation} {target}", "")
    for source, relation, target in result.mappings_removed:
        table.add_row("removed", "crosswalk", f"{source} {relation} {target}", "")
    console.print(table if not result.empty else "no differences")


def _short(value: Any, limit: int = 80) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ruleset(spec: str) -> Catalog:
    """A catalog folder, or the bundled catalog as of a date."""
    import datetime as dt

    from fulcrum.catalog import load_catalog

    try:
        date = dt.date.fromisoformat(spec)
    except ValueError:
        return load_catalog(Path(spec))
    return get_catalog().as_of(date)


def register(root: typer.Typer) -> None:
    """Add the ``catalog`` group."""
    root.add_typer(app, name="catalog")
