"""The audit trail: an append-only, hash-chained event log bound to the business tables.

Every state change, vote, decision, condition, evidence link and login is one
event appended in the same transaction as the change it records. Each event
stores ``hash = SHA-256(prev_hash || canonical JSON of {seq, type, actor,
subject, at, payload, via, changes})``, so altering, deleting, inserting or
reordering any event breaks the chain at that event. ``changes`` carries a
snapshot of every business row the transaction wrote, so replaying the log
gives the state the tables must hold: ``verify`` compares them and names the
first tampered row and column. Signed checkpoints (Ed25519) kept outside the
database catch truncation and wholesale re-hashing.
"""

from fulcrum.audit import _events as events
from fulcrum.audit._log import (
    ACTOR_KEY,
    VIA_KEY,
    AuditEvent,
    AuditLog,
    chain_hash,
    event_body,
    install_listeners,
)
from fulcrum.audit._state import BUSINESS_TABLES
from fulcrum.audit._verify import (
    Checkpoint,
    Verification,
    make_checkpoint,
    read_checkpoint,
    read_trusted_key,
    verify,
    write_checkpoint,
)

install_listeners()

__all__ = [
    "ACTOR_KEY",
    "BUSINESS_TABLES",
    "VIA_KEY",
    "AuditEvent",
    "AuditLog",
    "Checkpoint",
    "Verification",
    "chain_hash",
    "event_body",
    "events",
    "install_listeners",
    "make_checkpoint",
    "read_checkpoint",
    "read_trusted_key",
    "verify",
    "write_checkpoint",
]
