"""The API test world: one template database built through the API, copied per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fulcrum.api import create_app
from fulcrum.settings import get_settings

from .world import World, build_world


@pytest.fixture(scope="session")
def world_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data folder every API test shares (signing key, blob folder)."""
    return tmp_path_factory.mktemp("api-world")


@pytest.fixture(scope="session")
def world(world_dir: Path) -> Iterator[World]:
    """The template world, built once per session with its own data folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FULCRUM_DATA_DIR", str(world_dir))
        mp.delenv("FULCRUM_DATABASE_URL", raising=False)
        get_settings.cache_clear()
        built = build_world(world_dir)
    get_settings.cache_clear()
    yield built


@pytest.fixture(autouse=True)
def _world_data_dir(
    isolated_data_dir: Path, world_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every API test reads the world's data folder (its signing key, for one)."""
    monkeypatch.setenv("FULCRUM_DATA_DIR", str(world_dir))
    get_settings.cache_clear()


@pytest.fixture
def app(world: World, tmp_path: Path) -> Iterator[FastAPI]:
    """An app on a fresh copy of the world."""
    application = create_app(world.copy_to(tmp_path), migrate=False)
    yield application
    application.state.db.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A test client on a fresh copy of the world."""
    with TestClient(app) as http:
        yield http


def bearer(world: World, who: str) -> dict[str, str]:
    """Authorization header of a world user or special identity."""
    return {"Authorization": f"Bearer {world.tokens[who]}"}
