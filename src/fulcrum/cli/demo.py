"""``fulcrum demo``: register example systems and show what Fulcrum makes of them."""

from __future__ import annotations

import typer
from rich.table import Table

from fulcrum.cli._db import open_database
from fulcrum.cli._output import console, heading


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
    evidence = report.sections.get("evidence")
    if evidence:
        console.print(
            heading(
                "Evidence: ",
                f"fairness of COMPAS 'high_risk' by race for {evidence['system']} "
                f"({evidence['obligation']}): {evidence['verdict']}, {evidence['provenance']}, "
                f"obligation {evidence['status']}",
            )
        )
        for line in evidence["checks"]:
            console.print(f"  {line}")
    for note in report.notes:
        console.print(note)
    console.print(f"Database: {report.database_url}")
    console.print(
        "Explore: fulcrum system list | fulcrum system obligations eu-recruitment-screener"
    )
    console.print("Audit: fulcrum audit verify")


def register(app: typer.Typer) -> None:
    """Add ``fulcrum demo``."""
    app.command("demo")(demo)
