"""Runtime settings, read from ``FULCRUM_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("fulcrum", appauthor=False))


class Settings(BaseSettings):
    """Where Fulcrum keeps its data, how it authenticates and how long approvals last."""

    model_config = SettingsConfigDict(env_prefix="FULCRUM_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    approval_validity_days: int = Field(default=365, ge=1)
    token_ttl_hours: int = Field(default=24 * 30, ge=1)
    #: ``auto``: the CLI on a local SQLite file acts as the local administrator, any other
    #: database needs ``FULCRUM_TOKEN``; ``token``: tokens are always required.
    auth: Literal["auto", "token"] = "auto"
    #: Failed sign-ins per user name within ``login_window_minutes`` before refusing.
    login_max_failures: int = Field(default=5, ge=1)
    login_window_minutes: int = Field(default=15, ge=1)
    #: Ed25519 key that signs audit checkpoints (created on first use).
    signing_key_file: Path | None = None
    #: Folder for evidence files; unset, they are stored inside the database.
    blob_dir: Path | None = None
    #: Largest evidence file accepted, in bytes.
    max_upload_bytes: int = Field(default=256 * 1024 * 1024, ge=1)

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to SQLite in the user's data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'fulcrum.db'}"

    @property
    def resolved_signing_key_file(self) -> Path:
        """Where the checkpoint-signing key lives."""
        return self.signing_key_file or self.data_dir / "keys" / "audit-ed25519.pem"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process from the environment."""
    return Settings()
