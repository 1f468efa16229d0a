"""Dependencies shared by the routes: the session, the acting user, writes, paging, If-Match.

The cheap ones are ``async`` so that FastAPI does not send each through the thread
pool; those that touch the database stay synchronous.

Reads use ``SessionDep`` and ``CurrentUser`` as in the FastAPI template. Writes
go through ``Tx``: one transaction (``Database.run``, retried on lock and
serialization conflicts) that authenticates the bearer token inside it, so a
retry sees fresh data and a revoked token never writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Query, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from fulcrum.api._problems import MissingCredentials
from fulcrum.auth import UserService
from fulcrum.store import Database
from fulcrum.store.models.users import UserRow

T = TypeVar("T")

TOKEN_URL = "/api/v1/auth/token"
_bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)


async def get_database(request: Request) -> Database:
    """The app's database."""
    db: Database = request.app.state.db
    return db


DatabaseDep = Annotated[Database, Depends(get_database)]


def read_unit(db: Database) -> AbstractContextManager[Session]:
    """A unit of work that takes no write lock (SQLite begins it deferred)."""
    return db.unit_of_work(write=False)


def get_db(db: DatabaseDep) -> Iterator[Session]:
    """One read unit of work per request, closed before the response is sent."""
    with read_unit(db) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db, scope="function")]


async def get_token(token: Annotated[str | None, Depends(_bearer)]) -> str:
    """The bearer token; 401 when the request has none."""
    if not token:
        raise MissingCredentials("this endpoint needs a bearer token (POST /api/v1/auth/token)")
    return token


TokenDep = Annotated[str, Depends(get_token)]


def get_current_user(session: SessionDep, token: TokenDep) -> UserRow:
    """The active user the token belongs to; 401 when unknown, expired or revoked."""
    return UserService(session).authenticate(token)


CurrentUser = Annotated[UserRow, Depends(get_current_user)]


async def get_write_gate(request: Request) -> AbstractContextManager[object]:
    """The app's write gate: a lock on SQLite (one writer at a time), a no-op elsewhere."""
    gate: AbstractContextManager[object] = request.app.state.write_gate
    return gate


WriteGate = Annotated[AbstractContextManager[object], Depends(get_write_gate)]


def run_in_transaction(
    db: Database, fn: Callable[[Session], T], gate: AbstractContextManager[object]
) -> T:
    """Run ``fn(session)`` in one write transaction, retried on lock and serialization conflicts.

    On SQLite the writers of this process queue on ``gate`` first: SQLite's own busy
    handler polls with growing sleeps, which starves some writers for seconds under load.
    """
    with gate:
        return db.run(fn)


@dataclass(frozen=True)
class Transaction:
    """Runs ``fn(session, actor)`` as the bearer of the request's token, in one transaction."""

    db: Database
    token: str
    gate: AbstractContextManager[object]

    def __call__(self, fn: Callable[[Session, UserRow], T]) -> T:
        def work(session: Session) -> T:
            return fn(session, UserService(session).authenticate(self.token))

        return run_in_transaction(self.db, work, self.gate)


async def get_transaction(db: DatabaseDep, token: TokenDep, gate: WriteGate) -> Transaction:
    """A writer bound to this request's token."""
    return Transaction(db, token, gate)


Tx = Annotated[Transaction, Depends(get_transaction)]


@dataclass(frozen=True)
class Paging:
    """``offset`` and ``limit`` query parameters."""

    offset: int
    limit: int

    def slice(self, items: list[T]) -> list[T]:
        """This page of a list that was read whole."""
        return items[self.offset : self.offset + self.limit]


async def get_paging(
    offset: Annotated[int, Query(ge=0, le=1_000_000_000, description="Items to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most items to return.")] = 100,
) -> Paging:
    """Paging parameters."""
    return Paging(offset, limit)


PagingDep = Annotated[Paging, Depends(get_paging)]

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="An ETag from a previous read; the write is refused with 412 when stale.",
    ),
]
