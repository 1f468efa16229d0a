"""Finding and saving systems, their versions and classifications."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Row, Select, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from fulcrum.errors import NotFoundError
from fulcrum.store.models import ClassificationRow, SystemRow, SystemVersionRow
from fulcrum.store.models.obligations import SETTLED_STATUSES, ObligationRow


class SystemRepository:
    """Systems and their immutable profile versions."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, slug: str) -> SystemRow | None:
        """The system called ``slug``, or None."""
        return self.session.scalar(select(SystemRow).where(SystemRow.slug == slug))

    def find_by_slug(self, slug: str) -> SystemRow:
        """The system called ``slug``; NotFoundError names it otherwise."""
        row = self.session.scalar(select(SystemRow).where(SystemRow.slug == slug))
        if row is None:
            raise NotFoundError(f"no registered system {slug!r}")
        return row

    def get_or_create(self, slug: str, *, name: str, owner: str) -> SystemRow:
        """The system ``slug``, created if new (name and owner follow the newest profile)."""
        row = self.session.scalar(select(SystemRow).where(SystemRow.slug == slug))
        if row is None:
            row = SystemRow(slug=slug, name=name, owner=owner)
            self.session.add(row)
            self.session.flush()
        else:
            row.name, row.owner = name, owner
        return row

    def all(self) -> Sequence[SystemRow]:
        """Every system by slug."""
        return self.session.scalars(select(SystemRow).order_by(SystemRow.slug)).all()

    def summaries(self, *, offset: int = 0, limit: int = 100) -> tuple[Sequence[Row[Any]], int]:
        """A page of systems by slug with version count and newest tier and grade, and the total.

        Two queries whatever the page size: each row has ``slug``, ``name``, ``owner``,
        ``versions`` (None without versions) and the ``eu_tier`` and ``ethics_grade`` of the
        newest classification of the newest version (None when unclassified), and
        ``next_due``: the earliest due date among that version's obligations still to be met.
        """
        rows = self.session.execute(_summaries_query(), {"offset": offset, "limit": limit}).all()
        total = self.session.scalar(select(func.count()).select_from(SystemRow)) or 0
        return rows, total

    def latest_version(self, system: SystemRow) -> SystemVersionRow | None:
        """The newest version of ``system``, if any."""
        return system.versions[-1] if system.versions else None

    def version(self, system: SystemRow, number: int | None = None) -> SystemVersionRow:
        """Version ``number`` (default: the newest) of ``system``."""
        if not system.versions:
            raise NotFoundError(f"system {system.slug!r} has no versions")
        if number is None:
            return system.versions[-1]
        for row in system.versions:
            if row.number == number:
                return row
        raise NotFoundError(f"system {system.slug!r} has no version {number}")

    def add_version(
        self,
        system: SystemRow,
        *,
        profile: dict[str, Any],
        profile_hash: str,
        label: str,
        actor: str,
    ) -> SystemVersionRow:
        """Append a new immutable version."""
        number = (system.versions[-1].number + 1) if system.versions else 1
        row = SystemVersionRow(
            system=system,
            number=number,
            profile=profile,
            profile_hash=profile_hash,
            label=label,
            registered_by=actor,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def add_classification(self, version: SystemVersionRow, **fields: Any) -> ClassificationRow:
        """Store a classification of ``version``."""
        row = ClassificationRow(version=version, **fields)
        self.session.add(row)
        self.session.flush()
        return row

    def latest_classification(self, version: SystemVersionRow) -> ClassificationRow | None:
        """The newest stored classification of ``version``."""
        return version.classifications[-1] if version.classifications else None


@cache
def _summaries_query() -> Select[Any]:
    """The page query of ``summaries``, built once (offset and limit are parameters)."""
    newest = (
        select(
            SystemVersionRow.system_id,
            func.max(SystemVersionRow.number).label("number"),
            func.count().label("versions"),
        )
        .group_by(SystemVersionRow.system_id)
        .subquery()
    )
    version = aliased(SystemVersionRow)
    latest = (
        select(ClassificationRow.version_id, func.max(ClassificationRow.id).label("id"))
        .group_by(ClassificationRow.version_id)
        .subquery()
    )
    next_due = (
        select(ObligationRow.version_id, func.min(ObligationRow.due).label("due"))
        .where(ObligationRow.status.not_in(SETTLED_STATUSES), ObligationRow.due.is_not(None))
        .group_by(ObligationRow.version_id)
        .subquery()
    )
    return (
        select(
            SystemRow.slug,
            SystemRow.name,
            SystemRow.owner,
            newest.c.versions,
            ClassificationRow.eu_tier,
            ClassificationRow.ethics_grade,
            next_due.c.due.label("next_due"),
        )
        .outerjoin(newest, newest.c.system_id == SystemRow.id)
        .outerjoin(
            version, (version.system_id == SystemRow.id) & (version.number == newest.c.number)
        )
        .outerjoin(latest, latest.c.version_id == version.id)
        .outerjoin(ClassificationRow, ClassificationRow.id == latest.c.id)
        .outerjoin(next_due, next_due.c.version_id == version.id)
        .order_by(SystemRow.slug)
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )
