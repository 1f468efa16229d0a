"""Fixtures: a real OpenAI-compatible HTTP server on 127.0.0.1, driven by a script."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_spec = importlib.util.spec_from_file_location(
    "fulcrum_test_chat_server", Path(__file__).with_name("chat_server.py")
)
assert _spec and _spec.loader
chat_server: Any = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = chat_server
_spec.loader.exec_module(chat_server)


@pytest.fixture
def server() -> Iterator[Any]:
    """A started chat server; ``server.script`` scripts latency, failures and hangs."""
    with chat_server.ChatServer() as running:
        yield running
