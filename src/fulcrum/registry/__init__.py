"""The system registry: register profiles as immutable versions and classify them.

``Registry`` is the Python API behind ``fulcrum system ...``: registering a
changed profile makes a new version and keeps the old one; each classification
is stored with the rule-set version it was computed under.
"""

from fulcrum.registry._service import Registration, Registry, SystemSummary, VersionHistory

__all__ = ["Registration", "Registry", "SystemSummary", "VersionHistory"]
