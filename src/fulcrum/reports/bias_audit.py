"""Bias audit in the form New York City's Local Law 144 asks for (6 RCNY § 5-301).

Selection rates and impact ratios by sex, by race/ethnicity and by their intersection, from a
fairness evidence record whose groups are the intersections of the two columns (counts are
summed up to the margins). Categories under 2% of the data are shown but left out of the
impact ratios; rows of unknown category are counted and left out too.

For a tool that scores rather than selects, the rule's "scoring rate" is the share of a
category scoring above the median of the whole sample: assess fairness with the prediction
``score > median`` and build the audit with ``rate="scoring"``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from fulcrum.errors import InputError
from fulcrum.evidence import Evidence
from fulcrum.reports._i18n import label
from fulcrum.reports._model import Lang
from fulcrum.reports._render import html_to_pdf, render_template

__all__ = [
    "UNKNOWN_VALUES",
    "BiasAudit",
    "RateRow",
    "build_bias_audit",
    "load_evidence",
    "render_bias_audit",
]

#: Category values read as "unknown" (compared case-insensitively).
UNKNOWN_VALUES = frozenset(
    {"", "unknown", "nan", "none", "null", "n/a", "na", "not specified", "prefer not to say"}
)
SMALL_SHARE = 0.02


class RateRow(BaseModel):
    """One category: its count, selections, rate, share and impact ratio."""

    model_config = ConfigDict(frozen=True)

    category: str
    n: int
    selected: int
    rate: float | None
    share: float
    impact_ratio: float | None
    excluded: bool = False
    unknown: bool = False


class BiasAudit(BaseModel):
    """The tables of a Local Law 144 bias audit."""

    model_config = ConfigDict(frozen=True)

    evidence_id: str
    title: str
    audit_date: dt.date
    data_from: dt.date | None
    data_to: dt.date | None
    total: int
    sex_column: str
    race_column: str
    by_sex: tuple[RateRow, ...]
    by_race: tuple[RateRow, ...]
    by_intersection: tuple[RateRow, ...]
    unknown: dict[str, int]
    rate: Literal["selection", "scoring"] = "selection"


def load_evidence(path: Path) -> Evidence:
    """An evidence record from a JSON file (an Evidence, or a CLI result with ``evidence``)."""
    from pydantic import ValidationError

    from fulcrum._yaml import expect_mapping, load_json

    data = expect_mapping(load_json(path), str(path), "an evidence record")
    if isinstance(data.get("evidence"), dict):
        data = data["evidence"]
    try:
        return Evidence.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "record"
        raise InputError(
            f"{path}: not an evidence record: {field}: {first['msg']}"
            + (f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else "")
        ) from exc


def _is_unknown(value: Any) -> bool:
    return value is None or str(value).strip().lower() in UNKNOWN_VALUES


def _rows(cells: Mapping[str, tuple[int, int, bool]], total: int) -> tuple[RateRow, ...]:
    """Rows with impact ratios against the highest rate among the counted categories."""
    rates = {k: (sel / n if n else None) for k, (n, sel, _) in cells.items()}
    counted: list[float] = [
        rate
        for k, (n, _, unknown) in cells.items()
        if not unknown and total and n / total >= SMALL_SHARE and (rate := rates[k]) is not None
    ]
    best = max(counted, default=None)
    rows = []
    for key in sorted(cells):
        n, selected, unknown = cells[key]
        share = n / total if total else 0.0
        excluded = unknown or share < SMALL_SHARE
        rate = rates[key]
        ratio = None if excluded or rate is None or not best else rate / best
        rows.append(RateRow(
            category=key, n=n, selected=selected, rate=rate, share=share,
            impact_ratio=ratio, excluded=excluded, unknown=unknown,
        ))  # fmt: skip
    return tuple(rows)


def build_bias_audit(
    evidence: Evidence,
    *,
    sex: str = "sex",
    race: str = "race",
    audit_date: dt.date | None = None,
    data_from: dt.date | None = None,
    data_to: dt.date | None = None,
    rate: Literal["selection", "scoring"] = "selection",
) -> BiasAudit:
    """The audit tables from a fairness evidence record grouped by ``sex`` and ``race``."""
    groups = evidence.metrics.get("groups")
    if evidence.kind != "fairness" or not isinstance(groups, list):
        raise InputError(f"evidence {evidence.id} is not a fairness assessment with groups")
    columns = set(groups[0].get("group", {})) if groups else set()
    missing = [c for c in (sex, race) if c not in columns]
    if missing:
        raise InputError(
            f"evidence {evidence.id} is grouped by {sorted(columns)}; a bias audit needs the "
            f"intersection of {sex!r} and {race!r} (missing {missing}): run "
            f"`fulcrum assess fairness ... --sensitive {sex},{race}`"
        )
    margins: dict[str, dict[str, list[int]]] = {sex: {}, race: {}}
    inter: dict[str, list[int]] = {}
    unknown = {sex: 0, race: 0, "intersection": 0}
    total = 0
    for g in groups:
        n = round(g["n"])
        selected = round(g["n"] * (g.get("selection_rate") or 0.0))
        total += n
        values = g["group"]
        for column in (sex, race):
            cell = margins[column].setdefault(str(values[column]), [0, 0])
            cell[0] += n
            cell[1] += selected
            if _is_unknown(values[column]):
                unknown[column] += n
        key = f"{values[sex]} × {values[race]}"
        cell = inter.setdefault(key, [0, 0])
        cell[0] += n
        cell[1] += selected
        if _is_unknown(values[sex]) or _is_unknown(values[race]):
            unknown["intersection"] += n

    def table(cells: Mapping[str, list[int]], unknown_of: Any) -> tuple[RateRow, ...]:
        return _rows({k: (v[0], v[1], unknown_of(k)) for k, v in cells.items()}, total)

    return BiasAudit(
        evidence_id=evidence.id,
        title=evidence.title,
        audit_date=audit_date or evidence.created_at.date(),
        data_from=data_from,
        data_to=data_to,
        total=total,
        sex_column=sex,
        race_column=race,
        by_sex=table(margins[sex], _is_unknown),
        by_race=table(margins[race], _is_unknown),
        by_intersection=table(inter, lambda k: any(_is_unknown(p) for p in k.split(" × ", 1))),
        unknown=unknown,
        rate=rate,
    )


def _csv(audit: BiasAudit, lang: Lang) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["# " + label(lang, "audit_date"), audit.audit_date.isoformat()])
    span = f"{audit.data_from or ''}..{audit.data_to or ''}"
    writer.writerow(["# " + label(lang, "data_range"), span])
    writer.writerow(["# evidence", audit.evidence_id])
    writer.writerow(["table", "category", "n", "selected", f"{audit.rate}_rate", "impact_ratio",
                     "share", "excluded", "unknown"])  # fmt: skip
    for name, rows in (
        ("sex", audit.by_sex), ("race", audit.by_race), ("intersection", audit.by_intersection)
    ):  # fmt: skip
        for r in rows:
            writer.writerow([
                name, r.category, r.n, r.selected,
                "" if r.rate is None else f"{r.rate:.6f}",
                "" if r.impact_ratio is None else f"{r.impact_ratio:.6f}",
                f"{r.share:.6f}", str(r.excluded).lower(), str(r.unknown).lower(),
            ])  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def render_bias_audit(
    audit: BiasAudit, *, format: Literal["html", "csv", "pdf"] = "html", lang: Lang = "en"
) -> bytes:
    """The audit as HTML, CSV or PDF."""
    if format == "csv":
        return _csv(audit, lang)
    html = render_template("bias_audit.html.j2", lang=lang, a=audit)
    if format == "pdf":
        stamp = dt.datetime.combine(audit.audit_date, dt.time(), tzinfo=dt.UTC)
        return html_to_pdf(html, title=label(lang, "bias_audit"), issued_at=stamp)
    return html.encode("utf-8")
