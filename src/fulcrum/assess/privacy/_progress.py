"""A rich progress bar on stderr, shown when asked or when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(
    enabled: bool | None, *, total: float | None, description: str
) -> Iterator[Callable[[float], None]]:
    """Yield ``advance(amount)``; a no-op unless enabled (``None``: when stderr is a TTY)."""
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show:
        yield lambda amount: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}", markup=False),  # it can hold a file's name
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda amount: bar.advance(task, amount)
