"""One exception family for everything Fulcrum raises on purpose.

    FulcrumError
    ├── InputError                 bad input from a user: file, field, line or row named
    │   ├── CatalogError           the knowledge-graph YAML is invalid or dangling
    │   ├── ProfileError           an AI-system profile is invalid
    │   └── DataError              a data file or column for an assessment is unusable
    ├── NotFoundError              an id that does not exist
    ├── PermissionDeniedError      the acting user's role does not allow the operation
    ├── AuthenticationError        unknown user, wrong password, expired or revoked token
    ├── WorkflowError              an illegal state transition or a rule of procedure broken
    ├── ConflictError              a concurrent update won the race (optimistic locking)
    ├── IntegrityError             the audit log or an evidence file failed verification
    ├── StoreError                 the database failed underneath us
    └── EngineError                a compute engine (DuckDB, Spark, torch) failed or is missing

The CLI maps ``InputError`` to exit status 2 and every other ``FulcrumError`` to 1.
"""

from __future__ import annotations


class FulcrumError(Exception):
    """Base class of every error Fulcrum raises on purpose."""

    exit_code = 1


class InputError(FulcrumError):
    """Input from the user is invalid; the message names where."""

    exit_code = 2


class CatalogError(InputError):
    """The catalog YAML is invalid, or references an id that does not exist."""


class ProfileError(InputError):
    """An AI-system profile is invalid (unknown field or value, wrong type)."""


class DataError(InputError):
    """A data file or column given to an assessment cannot be used."""


class NotFoundError(FulcrumError):
    """An id (system, case, user, requirement, ...) does not exist."""


class PermissionDeniedError(FulcrumError):
    """The acting user is not allowed to perform the operation."""


class AuthenticationError(FulcrumError):
    """Credentials are missing, wrong, expired or revoked."""


class WorkflowError(FulcrumError):
    """An operation breaks the review procedure (e.g. an illegal transition)."""


class ConflictError(FulcrumError):
    """Another writer changed the same record first; retry on fresh data."""


class IntegrityError(FulcrumError):
    """Stored data failed verification (audit chain, evidence hash)."""


class StoreError(FulcrumError):
    """The database failed; the operation was rolled back."""


class EngineError(FulcrumError):
    """A compute engine failed or is not installed."""


def missing_extra(package: str, extra: str) -> EngineError:
    """Build the error raised when an optional dependency is not installed."""
    return EngineError(
        f"this feature needs the '{package}' package: pip install 'fulcrum[{extra}]'"
    )
