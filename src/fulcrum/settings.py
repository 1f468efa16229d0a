"""Runtime settings, read from ``FULCRUM_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("fulcrum", appauthor=False))


class Settings(BaseSettings):
    """Where Fulcrum keeps its data and how long approvals last."""

    model_config = SettingsConfigDict(env_prefix="FULCRUM_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    approval_validity_days: int = Field(default=365, ge=1)
    token_ttl_hours: int = Field(default=24 * 30, ge=1)

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to SQLite in the user's data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'fulcrum.db'}"

    @property
    def evidence_dir(self) -> Path:
        """Content-addressed store for uploaded evidence files."""
        return self.data_dir / "evidence"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process from the environment."""
    return Settings()
