"""What changed between two versions of the catalog (two rule sets, or two dates)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from fulcrum.catalog._graph import TABLES, Catalog

_COMPARED = (*TABLES, "schemes")


@dataclass(frozen=True)
class FieldChange:
    """One field of an item that differs."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ItemChange:
    """An item added, removed or changed between two catalogs."""

    id: str
    kind: str
    change: Literal["added", "removed", "changed"]
    fields: tuple[FieldChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, "change": self.change}
        if self.fields:
            out["fields"] = [
                {"field": f.field, "before": f.before, "after": f.after} for f in self.fields
            ]
        return out


@dataclass(frozen=True)
class CatalogDiff:
    """Every item added, removed or changed, and the crosswalk edges added or removed."""

    before: str
    after: str
    items: tuple[ItemChange, ...] = ()
    mappings_added: tuple[tuple[str, str, str], ...] = field(default=())
    mappings_removed: tuple[tuple[str, str, str], ...] = field(default=())

    @property
    def empty(self) -> bool:
        """True when nothing differs."""
        return not (self.items or self.mappings_added or self.mappings_removed)

    def to_dict(self) -> dict[str, Any]:
        """JSON form used by ``fulcrum catalog diff``."""
        return {
            "before": self.before,
            "after": self.after,
            "summary": {
                kind: sum(1 for i in self.items if i.change == kind)
                for kind in ("added", "removed", "changed")
            },
            "items": [i.to_dict() for i in self.items],
            "mappings_added": [list(m) for m in self.mappings_added],
            "mappings_removed": [list(m) for m in self.mappings_removed],
        }


def _dump(item: Any) -> dict[str, Any]:
    data: dict[str, Any] = item.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


def diff(before: Catalog, after: Catalog) -> CatalogDiff:
    """Items and crosswalk edges that differ between ``before`` and ``after``."""
    changes: list[ItemChange] = []
    for table in _COMPARED:
        old, new = getattr(before, table), getattr(after, table)
        kind = table[:-1]
        for item_id in sorted(set(old) | set(new)):
            if item_id not in old:
                changes.append(ItemChange(item_id, kind, "added"))
            elif item_id not in new:
                changes.append(ItemChange(item_id, kind, "removed"))
            elif old[item_id] != new[item_id]:
                a, b = _dump(old[item_id]), _dump(new[item_id])
                fields = tuple(
                    FieldChange(name, a.get(name), b.get(name))
                    for name in sorted(set(a) | set(b))
                    if a.get(name) != b.get(name)
                )
                changes.append(ItemChange(item_id, kind, "changed", fields))
    edges_old = {(m.source, m.relation, m.target) for m in before.mappings}
    edges_new = {(m.source, m.relation, m.target) for m in after.mappings}
    return CatalogDiff(
        before=before.version,
        after=after.version,
        items=tuple(changes),
        mappings_added=tuple(sorted(edges_new - edges_old)),
        mappings_removed=tuple(sorted(edges_old - edges_new)),
    )
