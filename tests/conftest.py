"""Shared fixtures: an isolated data directory so tests never touch the user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fulcrum.settings import get_settings


@pytest.fixture(autouse=True)
def isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point FULCRUM_DATA_DIR at a fresh folder for every test."""
    data_dir = tmp_path_factory.mktemp("fulcrum-data")
    monkeypatch.setenv("FULCRUM_DATA_DIR", str(data_dir))
    monkeypatch.delenv("FULCRUM_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield data_dir
    get_settings.cache_clear()
