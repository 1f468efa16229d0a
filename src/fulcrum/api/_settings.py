"""Settings of the REST API server, read from ``FULCRUM_*`` environment variables."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from fulcrum.settings import get_settings


class ApiSettings(BaseSettings):
    """Where the server's database is, and what it lets browsers and clients send."""

    model_config = SettingsConfigDict(env_prefix="FULCRUM_", extra="ignore")

    database_url: str | None = None
    #: Origins allowed to call the API from a browser; empty means CORS is off.
    cors_origins: list[str] = Field(default_factory=list)
    #: Largest JSON or form body, in bytes.
    max_body_bytes: int = Field(default=1 << 20, ge=1024)
    #: Largest evidence upload, in bytes.
    max_upload_bytes: int = Field(default=256 << 20, ge=1024)
    #: Connections each worker keeps open (PostgreSQL and SQLite files alike).
    pool_size: int = Field(default=16, ge=1, le=200)
    #: Longest SPARQL query text, in characters.
    max_sparql_chars: int = Field(default=20_000, ge=100)

    @field_validator("cors_origins")
    @classmethod
    def _no_wildcard(cls, value: list[str]) -> list[str]:
        """Refuse ``*``: the API takes Bearer tokens, so origins must be named."""
        if "*" in value:
            raise ValueError("FULCRUM_CORS_ORIGINS must list origins; '*' is refused")
        return value

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to the embedded SQLite file."""
        return self.database_url or get_settings().resolved_database_url
