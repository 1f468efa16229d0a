"""The law as of a date: undo the amendments that came into force after it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from fulcrum.catalog._graph import TABLES, Catalog
from fulcrum.catalog._model import Amendment, Change


def pending_amendments(catalog: Catalog, date: dt.date) -> list[Amendment]:
    """Amendments not yet in force on ``date``, the latest first."""
    later = [a for a in catalog.amendments.values() if a.in_force > date]
    return sorted(later, key=lambda a: (a.in_force, a.id), reverse=True)


def revert(item: Any, change: Change) -> Any:
    """``item`` with the field ``change`` modified set back to its value before."""
    data = item.model_dump(by_alias=True, exclude_unset=True)
    assert change.field is not None
    if change.before is None:
        data.pop(change.field, None)
    else:
        data[change.field] = change.before
    return type(item).model_validate(data)


def catalog_as_of(catalog: Catalog, date: dt.date) -> Catalog:
    """A frozen view of ``catalog`` as the law stood on ``date`` (cached per amendment set)."""
    pending = pending_amendments(catalog, date)
    if not pending:
        return catalog
    key = frozenset(a.id for a in pending)
    if key in catalog._views:
        return catalog._views[key]
    tables: dict[str, dict[str, Any]] = {t: dict(getattr(catalog, t)) for t in TABLES}
    tables["schemes"] = dict(catalog.schemes)
    removed: set[str] = set()
    for amendment in pending:
        tables["amendments"].pop(amendment.id, None)
        for change in reversed(amendment.changes):
            table = next((t for t in tables.values() if change.target in t), None)
            if table is None:
                continue
            if change.action == "added":
                del table[change.target]
                removed.add(change.target)
            else:
                table[change.target] = revert(table[change.target], change)
    view = replace(
        catalog,
        **tables,  # type: ignore[arg-type]
        mappings=[m for m in catalog.mappings if not {m.source, m.target} & removed],
        version=f"{catalog.version}@{min(a.in_force for a in pending) - dt.timedelta(days=1)}",
        as_of_date=date,
        _edges={},
        _views={},
    )
    view.freeze()
    catalog._views[key] = view
    return view
