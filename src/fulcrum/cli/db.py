"""``fulcrum db``: bring a database's schema up to date (once per release, not per command)."""

from __future__ import annotations

import typer

from fulcrum.cli._output import console

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Run the schema migrations (a shared database needs this once after an upgrade)."""
    from fulcrum.cli._state import state
    from fulcrum.store import HEAD_REVISION, Database

    database = Database(state.database_url, migrate=True)
    console.print(f"database schema at {HEAD_REVISION}", markup=False)
    database.dispose()


def register(root: typer.Typer) -> None:
    """Add the ``db`` group."""
    root.add_typer(app, name="db")
