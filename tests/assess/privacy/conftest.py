"""Fixtures of the privacy tests: the labelled corpus generator."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "data" / "privacy"))

import corpus as corpus_module


@pytest.fixture(scope="session")
def corpus() -> object:
    """The corpus generator module (``make_corpus``, ``resident_id``, ...)."""
    return corpus_module
