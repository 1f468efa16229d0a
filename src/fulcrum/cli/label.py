"""``fulcrum label``: the AIGC label commands at the top level, where content teams look first.

The same commands as ``fulcrum assess labels``; labelling content is a production step, not
only an assessment.
"""

from __future__ import annotations

import typer

from fulcrum.cli.assess.labels import labels_app


def register(app: typer.Typer) -> None:
    """Add ``fulcrum label add|check``."""
    app.add_typer(labels_app, name="label")
