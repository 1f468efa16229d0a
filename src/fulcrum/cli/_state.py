"""Options given to the root command, shared with every sub-command."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CliState:
    """Global CLI options (the database URL from ``--db`` or the environment)."""

    database_url: str | None = None


state = CliState()
