"""Printing helpers shared by the CLI commands: JSON to stdout, errors to stderr."""

from __future__ import annotations

import json
import sys
from typing import Any, Literal, NoReturn

from rich.console import Console
from rich.text import Text

from fulcrum.errors import FulcrumError

OutputFormat = Literal["json", "text"]

# markup=False: names, titles and conditions come from users ("Screener [/x] v2") and
# must print as written; styling is applied with Text objects, never with [tags].
console = Console(markup=False)
if not console.is_terminal:  # pipes and CI logs: do not squeeze tables into 80 columns
    console = Console(width=160, markup=False)
err_console = Console(stderr=True, markup=False)
if not err_console.is_terminal:
    err_console = Console(stderr=True, markup=False, width=160)


def warn(message: str) -> None:
    """A warning line on stderr."""
    err_console.print(Text.assemble(("warning: ", "yellow"), message), highlight=False)


def heading(text: str, rest: str = "") -> Text:
    """Bold ``text`` followed by plain ``rest``."""
    return Text.assemble((text, "bold"), rest)


def print_json(payload: Any) -> None:
    """Write ``payload`` as indented JSON to stdout (NaN becomes null)."""
    sys.stdout.write(json.dumps(_nan_to_none(payload), indent=2, ensure_ascii=False, default=str))
    sys.stdout.write("\n")


def _nan_to_none(value: Any) -> Any:
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _nan_to_none(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_nan_to_none(v) for v in value]
    return value


def fail(exc: FulcrumError) -> NoReturn:
    """Print one clear error line and exit with the error's status.

    A message can quote what the user gave (a column name, a cell); line breaks in
    it are shown as ``\\n`` so the error stays one line for scripts and CI logs.
    """
    message = "\\n".join(str(exc).splitlines()) or type(exc).__name__
    err_console.print(
        Text.assemble(("error: ", "bold red"), message), highlight=False, soft_wrap=True
    )
    raise SystemExit(exc.exit_code)
