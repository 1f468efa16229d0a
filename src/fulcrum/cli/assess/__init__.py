"""``fulcrum assess``: technical assessments that produce evidence.

Each module here defines ``register(app)`` and adds one assessment (a command
or a sub-group) to the ``assess`` group; a new assessment is a new file.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

assess_app = typer.Typer(
    help="Run a technical assessment (fairness, biometrics, privacy) and print its evidence.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``assess`` group with every assessment module found beside this one."""
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        module_register = getattr(module, "register", None)
        if module_register is not None:
            module_register(assess_app)
    app.add_typer(assess_app, name="assess")
