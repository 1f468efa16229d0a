"""Binding the business tables to the log: every flushed row change rides on an event.

A session listener snapshots each business row that a flush inserts, updates or
deletes; the next audit event appended in that transaction carries those
snapshots in its hashed ``changes`` field (and a ``state.changed`` event is
appended at commit for any left over). Replaying the ``changes`` of the whole
log therefore gives the exact state the tables must be in; ``compare_state``
reads the tables and names the first row and column that differ. A change made
behind Fulcrum's back (SQL typed into the database) has no event and is found.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, event, inspect, select
from sqlalchemy.orm import Session

from fulcrum._hashing import canonical_json, sha256_bytes

#: Tables whose every row must be the state the log implies.
BUSINESS_TABLES: tuple[str, ...] = (
    "users",
    "api_tokens",
    "systems",
    "system_versions",
    "classifications",
    "obligations",
    "committees",
    "committee_members",
    "review_cases",
    "review_answers",
    "review_evidence",
    "review_votes",
    "review_recusals",
    "review_decisions",
    "review_conditions",
    "evidence_blobs",
    "signer_keys",
)
_TRACKED = frozenset(BUSINESS_TABLES)
#: Columns the log keeps only as a hash, so an exported log never carries a secret.
SECRET_COLUMNS = frozenset({("users", "password_hash"), ("api_tokens", "token_hash")})
_PENDING = "fulcrum_pending_objects"
_CHANGES = "fulcrum_changes"


def json_value(value: Any) -> Any:
    """A column value in the form the log stores (dates as ISO text, bytes as a hash)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return "sha256:" + sha256_bytes(bytes(value))
    if isinstance(value, dict | list):
        import json

        return json.loads(canonical_json(value))
    return value


def _column_value(table: str, column: str, value: Any) -> Any:
    if value is not None and (table, column) in SECRET_COLUMNS:
        return "sha256:" + sha256_bytes(str(value).encode("utf-8"))
    return json_value(value)


def row_key(values: dict[str, Any], primary_key: Iterable[str]) -> str:
    """A row's primary key as text (``"3"``, or ``"3/7"`` for composite keys)."""
    return "/".join(str(values[name]) for name in primary_key)


def _snapshot(obj: Any) -> dict[str, Any] | None:
    mapper = inspect(obj).mapper
    table = mapper.local_table
    if table.name not in _TRACKED:
        return None
    values = {
        column.key: _column_value(table.name, column.key, getattr(obj, prop.key))
        for prop in mapper.column_attrs
        for column in prop.columns
        if column.table is table
    }
    return {"t": table.name, "k": row_key(values, [c.key for c in table.primary_key]), "v": values}


def _deleted(obj: Any) -> dict[str, Any] | None:
    state = inspect(obj)
    table = state.mapper.local_table
    if table.name not in _TRACKED:
        return None
    identity = state.identity or ()
    return {"t": table.name, "k": "/".join(str(part) for part in identity), "v": None}


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    pending = session.info.setdefault(_PENDING, [])
    for obj in session.new:
        pending.append(("upsert", obj))
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            pending.append(("upsert", obj))
    for obj in session.deleted:
        change = _deleted(obj)
        if change is not None:
            session.info.setdefault(_CHANGES, []).append(change)


def _after_flush_postexec(session: Session, _context: Any) -> None:
    pending = session.info.pop(_PENDING, [])
    changes = session.info.setdefault(_CHANGES, [])
    for _kind, obj in pending:
        if inspect(obj).deleted or inspect(obj).detached:
            continue
        change = _snapshot(obj)
        if change is not None:
            changes.append(change)


def _after_end(session: Session, *_args: Any) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_CHANGES, None)


def take_changes(session: Session) -> list[dict[str, Any]]:
    """The row snapshots flushed since the last event, newest per row, and forget them."""
    changes = session.info.pop(_CHANGES, [])
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for change in changes:
        latest.pop((change["t"], change["k"]), None)
        latest[(change["t"], change["k"])] = change
    return list(latest.values())


def has_changes(session: Session) -> bool:
    """Whether flushed row changes still wait for an event."""
    return bool(session.info.get(_CHANGES))


def install() -> None:
    """Register the session listeners once per process."""
    if event.contains(Session, "before_flush", _before_flush):
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush_postexec", _after_flush_postexec)
    event.listen(Session, "after_rollback", _after_end)


@dataclass(frozen=True)
class StateProblem:
    """A business row that is not what the log says: which table, row, column and why."""

    table: str
    row: str
    column: str | None
    problem: str
    event: int | None = None


def expected_state(
    changes: Iterator[tuple[int, list[dict[str, Any]]]],
) -> dict[tuple[str, str], tuple[int, dict[str, Any] | None]]:
    """Replay ``(seq, changes)`` pairs into ``{(table, key): (seq, values or None)}``."""
    state: dict[tuple[str, str], tuple[int, dict[str, Any] | None]] = {}
    for seq, batch in changes:
        for change in batch:
            state[(change["t"], change["k"])] = (seq, change["v"])
    return state


def _table_rows(session: Session, table: Table) -> Iterator[tuple[str, dict[str, Any]]]:
    keys = [c.key for c in table.primary_key]
    for row in session.execute(select(table)).mappings():
        values = {
            column.key: _column_value(table.name, column.key, row[column])
            for column in table.columns
        }
        yield row_key(values, keys), values


def compare_state(
    session: Session,
    expected: dict[tuple[str, str], tuple[int, dict[str, Any] | None]],
    tables: dict[str, Table],
) -> StateProblem | None:
    """The first business row that differs from the replayed log, or None."""
    seen: set[tuple[str, str]] = set()
    for name in BUSINESS_TABLES:
        table = tables.get(name)
        if table is None:
            continue
        for key, values in _table_rows(session, table):
            seen.add((name, key))
            seq, wanted = expected.get((name, key), (None, None))
            if wanted is None:
                why = "deleted by" if seq is not None else "not created by any"
                return StateProblem(name, key, None, f"row exists but was {why} event", seq)
            for column, value in values.items():
                if column in wanted and wanted[column] != value:
                    return StateProblem(
                        name,
                        key,
                        column,
                        f"column {column!r} is {_short(value)} but event #{seq} set "
                        f"{_short(wanted[column])}",
                        seq,
                    )
    for (name, key), (seq, wanted) in sorted(expected.items(), key=lambda item: item[1][0]):
        if wanted is not None and (name, key) not in seen and name in tables:
            return StateProblem(name, key, None, f"row written by event #{seq} is missing", seq)
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def table_map(session: Session) -> dict[str, Table]:
    """The business tables present in this database."""
    from fulcrum.store.models import Base

    present = set(inspect(session.connection()).get_table_names())
    return {
        name: cast(Table, Base.metadata.tables[name])
        for name in BUSINESS_TABLES
        if name in present and name in Base.metadata.tables
    }


def encode_bytes(data: bytes) -> str:
    """Base64 text for binary payloads."""
    return base64.b64encode(data).decode("ascii")
