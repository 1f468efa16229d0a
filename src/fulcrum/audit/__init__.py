"""The audit trail: an append-only, hash-chained event log and its verifier.

Every state change, vote, decision, condition, evidence link and login is one
event appended in the same transaction as the change it records. Each event
stores ``hash = SHA-256(prev_hash || canonical JSON of {seq, type, actor,
subject, at, payload})``, so altering, deleting, inserting or reordering any
event breaks the chain at that event. A checkpoint (count and head hash) kept
outside the database also catches truncation of the tail.
"""

from fulcrum.audit import _events as events
from fulcrum.audit._log import AuditEvent, AuditLog, chain_hash, event_body
from fulcrum.audit._verify import (
    Checkpoint,
    Verification,
    make_checkpoint,
    read_checkpoint,
    verify,
    write_checkpoint,
)

__all__ = [
    "AuditEvent",
    "AuditLog",
    "Checkpoint",
    "Verification",
    "chain_hash",
    "event_body",
    "events",
    "make_checkpoint",
    "read_checkpoint",
    "verify",
    "write_checkpoint",
]
