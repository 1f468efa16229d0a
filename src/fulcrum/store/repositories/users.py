"""Finding and saving users and API tokens."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fulcrum.errors import NotFoundError
from fulcrum.store.models.users import TokenRow, UserRow


class UserRepository:
    """Users and their hashed API tokens."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def count(self) -> int:
        """Number of users."""
        return self.session.scalar(select(func.count()).select_from(UserRow)) or 0

    def find(self, username: str) -> UserRow | None:
        """The user called ``username``, or None."""
        return self.session.scalar(select(UserRow).where(UserRow.username == username))

    def get(self, username: str) -> UserRow:
        """The user called ``username``; NotFoundError names it otherwise."""
        row = self.find(username)
        if row is None:
            raise NotFoundError(f"no user {username!r}")
        return row

    def save(self, row: UserRow) -> UserRow:
        """Add (or keep) a user and flush."""
        self.session.add(row)
        self.session.flush()
        return row

    def list(self) -> Sequence[UserRow]:
        """Every user by name."""
        return self.session.scalars(select(UserRow).order_by(UserRow.username)).all()

    def add_token(self, row: TokenRow) -> TokenRow:
        """Store a token row (its hash only)."""
        self.session.add(row)
        self.session.flush()
        return row

    def find_token(self, token_hash: str) -> TokenRow | None:
        """The token with this SHA-256, or None."""
        return self.session.scalar(select(TokenRow).where(TokenRow.token_hash == token_hash))

    def get_token(self, token_id: int) -> TokenRow:
        """Token ``token_id``; NotFoundError otherwise."""
        row = self.session.get(TokenRow, token_id)
        if row is None:
            raise NotFoundError(f"no token {token_id}")
        return row
