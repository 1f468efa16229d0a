"""Root of the ``fulcrum`` command: global options and command-group discovery."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

import fulcrum.cli as cli_package
from fulcrum import __version__
from fulcrum.cli._output import fail
from fulcrum.cli._state import state
from fulcrum.errors import FulcrumError


class _FulcrumGroup(TyperGroup):
    """Root group that turns any ``FulcrumError`` into one message and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except FulcrumError as exc:
            fail(exc)


app = typer.Typer(
    name="fulcrum",
    cls=_FulcrumGroup,
    help="Fulcrum: knowledge graph of AI rules, risk classification, ethics review and evidence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fulcrum {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    db: Annotated[
        str | None,
        typer.Option("--db", envvar="FULCRUM_DATABASE_URL", help="SQLAlchemy database URL."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Fulcrum: the working system behind an AI ethics committee."""
    state.database_url = db


def _register_command_groups() -> None:
    """Import every ``fulcrum.cli.*`` module that offers ``register(app)``."""
    for module_info in pkgutil.iter_modules(cli_package.__path__):
        if module_info.name.startswith("_") or module_info.name == "main":
            continue
        module = importlib.import_module(f"fulcrum.cli.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_command_groups()


def run() -> None:
    """Console-script entry point."""
    app()
