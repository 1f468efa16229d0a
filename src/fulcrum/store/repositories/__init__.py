"""Repositories: the only code that touches the SQLAlchemy session."""

from fulcrum.store.repositories.systems import SystemRepository

__all__ = ["SystemRepository"]
