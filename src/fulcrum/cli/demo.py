"""``fulcrum demo``: register example systems and show what Fulcrum makes of them."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from fulcrum.cli._db import open_database
from fulcrum.cli._output import console


def demo() -> None:
    """Run the demo on the database of --db (default: SQLite in your data directory)."""
    from fulcrum.demo import run_demo

    database = open_database()
    report = run_demo(database)
    table = Table(
        "system",
        "version",
        "EU AI Act tier",
        "Art. 50",
        "ethics grade",
        "expert re-review",
        "procedure",
        "obligations",
        title="Registered AI systems and their classification",
    )
    for row in report.systems:
        table.add_row(
            row["system"],
            str(row["version"]),
            row["eu_tier"],
            "yes" if row["transparency"] else "no",
            row["ethics_grade"],
            "yes" if row["expert_rereview"] else "no",
            row["review_procedure"],
            str(row["obligations"]),
        )
    console.print(table)
    review = report.sections.get("review")
    if review:
        cases = Table(
            "case",
            "system",
            "version",
            "state",
            "outcome",
            "procedure",
            title="Ethics review (fulcrum review show CASE --as demo-admin)",
        )
        for c in review["cases"]:
            cases.add_row(
                str(c["case"]),
                c["system"],
                str(c["version"]),
                c["state"],
                c["outcome"] or "-",
                c["procedure"],
            )
        console.print(cases)
    assessments = report.sections.get("assessments")
    if assessments:
        console.print(_assessments_table(assessments))
        for row in assessments:
            for line in row["checks"]:
                console.print(f"  {row['kind']}: {line}", markup=False)
    for note in report.notes:
        console.print(note)
    console.print(f"Database: {report.database_url}")
    console.print(
        "Explore: fulcrum system list | fulcrum system obligations eu-recruitment-screener"
    )
    console.print("Audit: fulcrum audit verify")


def _assessments_table(rows: list[dict[str, Any]]) -> Table:
    """One row per assessment: what was assessed, for which obligation, and the verdict."""
    table = Table(
        "kind",
        "assessed",
        "system",
        "obligation",
        "verdict",
        "evidence",
        "obligation status",
        "case",
        title="Evidence: one assessment of each kind (fulcrum system obligations SYSTEM)",
    )
    for row in rows:
        table.add_row(
            row["kind"],
            row["subject"],
            row["system"],
            row["obligation"],
            row["verdict"],
            row["provenance"],
            row["status"],
            str(row["case"]) if row["case"] is not None else "-",
        )
    return table


def register(app: typer.Typer) -> None:
    """Add ``fulcrum demo``."""
    app.command("demo")(demo)
