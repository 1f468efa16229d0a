"""The system registry: register profiles as immutable versions, classify and track them.

``Registry`` is the Python API behind ``fulcrum system ...``: registering a
changed profile makes a new version and keeps the old one; each classification
is stored with the rule-set version it was computed under, and its obligations
are tracked (``ObligationService``) to owner, due date and evidence.
"""

from fulcrum.registry._obligations import (
    STATUSES,
    ObligationPublic,
    ObligationService,
    ObligationUpdate,
    sync_obligations,
)
from fulcrum.registry._service import Registration, Registry, SystemSummary, VersionHistory

__all__ = [
    "STATUSES",
    "ObligationPublic",
    "ObligationService",
    "ObligationUpdate",
    "Registration",
    "Registry",
    "SystemSummary",
    "VersionHistory",
    "sync_obligations",
]
