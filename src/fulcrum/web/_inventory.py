"""The systems inventory: one row per system, searched, filtered, sorted and exported."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from typing import Any, Literal

from fulcrum.web import _services as services
from fulcrum.web._context import Ctx

SortKey = Literal["system", "name", "owner", "tier", "grade", "status", "due", "versions"]
SORT_KEYS: tuple[SortKey, ...] = (
    "system",
    "name",
    "owner",
    "tier",
    "grade",
    "status",
    "due",
    "versions",
)
COLUMNS = ("system", "name", "owner", "versions", "tier", "grade", "status", "case", "due")
# most severe first, so sorting by tier or grade puts the riskiest on top
_TIER_ORDER = ("prohibited", "high", "limited", "minimal", "not_applicable")
_GRADE_ORDER = ("high", "medium", "low")


@dataclass(frozen=True)
class Row:
    """One system in the inventory."""

    system: str
    name: str
    owner: str
    versions: int
    tier: str
    grade: str
    status: str
    case: int | None
    due: str


@dataclass(frozen=True)
class Query:
    """What the inventory page asks for."""

    q: str = ""
    tier: str = ""
    grade: str = ""
    status: str = ""
    owner: str = ""
    sort: str = "system"
    desc: bool = False

    @classmethod
    def from_params(cls, params: Any) -> Query:
        """Read the query string (unknown sort keys fall back to the system id)."""
        sort = str(params.get("sort") or "system")
        return cls(
            q=str(params.get("q") or "").strip(),
            tier=str(params.get("tier") or ""),
            grade=str(params.get("grade") or ""),
            status=str(params.get("status") or ""),
            owner=str(params.get("owner") or ""),
            sort=sort if sort in SORT_KEYS else "system",
            desc=str(params.get("dir") or "") == "desc",
        )


def inventory(ctx: Ctx) -> list[Row]:
    """Every system with its newest classification and its newest review case."""
    summaries, _total = services.registry(ctx).list_systems(limit=1_000_000)
    newest: dict[str, dict[str, Any]] = {}
    for summary in services.status(ctx).list():
        known = newest.get(summary["system"])
        if known is None or summary["case"] > known["case"]:
            newest[summary["system"]] = summary
    rows = []
    for s in summaries:
        case: dict[str, Any] | None = newest.get(s.system)
        dates = [s.next_due.isoformat()] if s.next_due else []
        if case:
            dates += [d[:10] for d in (case.get("decision_due"), case.get("approval_expires")) if d]
        due = min(dates, default="")
        rows.append(
            Row(
                system=s.system,
                name=s.name,
                owner=s.owner,
                versions=s.versions,
                tier=s.eu_tier or "",
                grade=s.ethics_grade or "",
                status=case["state"] if case else "not_reviewed",
                case=case["case"] if case else None,
                due=due,
            )
        )
    return rows


def select(rows: list[Row], query: Query) -> list[Row]:
    """Rows matching the search and filters, in the requested order."""
    words = query.q.lower().split()
    out = [
        r
        for r in rows
        if all(w in f"{r.system} {r.name} {r.owner}".lower() for w in words)
        and (not query.tier or r.tier == query.tier)
        and (not query.grade or r.grade == query.grade)
        and (not query.status or r.status == query.status)
        and (not query.owner or r.owner == query.owner)
    ]

    def key(r: Row) -> tuple[Any, ...]:
        if query.sort == "tier":
            return (_rank(_TIER_ORDER, r.tier), r.system)
        if query.sort == "grade":
            return (_rank(_GRADE_ORDER, r.grade), r.system)
        if query.sort == "due":
            return (r.due == "", r.due, r.system)
        if query.sort == "versions":
            return (r.versions, r.system)
        return (str(getattr(r, query.sort)).lower(), r.system)

    return sorted(out, key=key, reverse=query.desc)


def _rank(order: tuple[str, ...], value: str) -> int:
    return order.index(value) if value in order else len(order)


def to_csv(rows: list[Row]) -> str:
    """The rows as CSV (UTF-8 with a BOM, so spreadsheet programs read Chinese text)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in asdict(row).items()})
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return "" if value is None else value


def to_xlsx(rows: list[Row]) -> bytes:
    """The rows as an XLSX workbook with one sheet."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("systems")
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([_cell(v) for v in asdict(row).values()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
