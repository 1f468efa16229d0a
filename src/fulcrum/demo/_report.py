"""What the demo did, for printing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoReport:
    """Rows and notes collected by the demo steps."""

    database_url: str = ""
    systems: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sections: dict[str, Any] = field(default_factory=dict)
