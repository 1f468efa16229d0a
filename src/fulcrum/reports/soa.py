"""Statement of Applicability: every Annex A control, applicable or not, and why.

Without a system the statement covers the organisation's AI management system: every control
is selected. For a system, a control is applicable when one of the system's obligations maps
to it through the catalog's crosswalks, or when no crosswalk ties it to particular systems
(retained by default); it is excluded, with the requirements named, when everything it
addresses does not apply to the system. The implementation status comes from the tracked
status of those obligations.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from fulcrum.catalog import Catalog, Control, Requirement, get_catalog
from fulcrum.errors import InputError
from fulcrum.reports._i18n import label
from fulcrum.reports._model import SATISFIED, Lang, ObligationItem
from fulcrum.reports._render import html_to_pdf, render_template

Implementation = Literal["implemented", "partial", "planned", "not_assessed", "not_applicable"]

__all__ = ["Soa", "SoaRow", "build_soa", "render_soa"]

#: ISO/IEC 42001 A.2 (AI policies) and A.3 (internal organisation) govern the management system
#: itself: a system's facts never exclude them.
ORGANISATION_WIDE = ("iso-iec-42001:a.2.", "iso-iec-42001:a.3.")


class SoaRow(BaseModel):
    """One control of the statement."""

    model_config = ConfigDict(frozen=True)

    control: str
    ref: str
    title: str
    theme: str
    applicable: bool
    justification: str
    implementation: Implementation
    requirements: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


class Soa(BaseModel):
    """A Statement of Applicability for one framework's controls."""

    model_config = ConfigDict(frozen=True)

    framework: str
    framework_title: str
    system: str | None
    rows: tuple[SoaRow, ...]
    issued_at: dt.datetime


def _implementation(obligations: list[ObligationItem]) -> Implementation:
    states = {o.status for o in obligations}
    if not obligations or states == {"not_assessed"}:
        return "not_assessed"
    if states <= SATISFIED:
        return "implemented"
    if states & (SATISFIED | {"in_progress"}):
        return "partial"
    return "planned"


def ref_key(control: Control) -> tuple[tuple[int, int | str], ...]:
    """Sort ``A.10.2`` after ``A.9.4``: numbers compare as numbers."""
    parts = control.ref.replace("-", ".").split(".")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def _linked(catalog: Catalog, control: Control) -> list[str]:
    return [
        e.other
        for e in catalog.crosswalk(control.id)
        if isinstance(catalog.index.get(e.other), Requirement)
    ]


def build_soa(
    framework: str = "iso-iec-42001",
    *,
    obligations: Iterable[ObligationItem] | None = None,
    system: str | None = None,
    catalog: Catalog | None = None,
    issued_at: dt.datetime | None = None,
    lang: Lang = "en",
) -> Soa:
    """The statement for ``framework`` (organisation-wide, or for one system's obligations)."""
    catalog = catalog or get_catalog()
    controls: list[Control] = sorted(catalog.items("controls", framework), key=ref_key)
    if not controls:
        raise InputError(f"framework {framework!r} has no controls to state applicability for")
    applying = {o.id: o for o in obligations} if obligations is not None else None
    rows = []
    for control in controls:
        linked = _linked(catalog, control)
        cites = [f"{r} ({catalog.requirements[r].cites})" for r in linked]
        if applying is None:
            applicable = True
            text = (
                label(lang, "j_org").format(items="; ".join(cites))
                if cites
                else label(lang, "j_org_plain")
            )
            related: list[ObligationItem] = []
        else:
            related = [applying[r] for r in linked if r in applying]
            if related:
                applicable = True
                text = label(lang, "j_needed").format(
                    items="; ".join(f"{o.id} ({o.cites})" for o in related)
                )
            elif not linked or control.id.startswith(ORGANISATION_WIDE):
                applicable, text = True, label(lang, "j_default")
            else:
                applicable = False
                text = label(lang, "j_not_needed").format(items="; ".join(linked))
        evidence = tuple(dict.fromkeys(e for o in related for e in o.evidence))
        rows.append(
            SoaRow(
                control=control.id,
                ref=control.ref,
                title=control.title,
                theme=control.theme,
                applicable=applicable,
                justification=text,
                implementation=_implementation(related) if applicable else "not_applicable",
                requirements=tuple(o.id for o in related)
                if applying is not None
                else tuple(linked),
                evidence=evidence,
            )
        )
    return Soa(
        framework=framework,
        framework_title=catalog.frameworks[framework].title,
        system=system,
        rows=tuple(rows),
        issued_at=issued_at or dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
    )


_IM_KEY = {
    "implemented": "im_implemented",
    "partial": "im_partial",
    "planned": "im_planned",
    "not_assessed": "im_not_assessed",
    "not_applicable": "im_not_applicable",
}


def _table(soa: Soa, lang: Lang) -> tuple[list[str], list[list[str]]]:
    header = [
        label(lang, "control"),
        "ID",
        label(lang, "name"),
        label(lang, "theme"),
        label(lang, "applicable"),
        label(lang, "justification"),
        label(lang, "implementation"),
        label(lang, "requirements"),
        label(lang, "evidence"),
    ]
    rows = [
        [
            r.ref,
            r.control,
            r.title,
            r.theme,
            label(lang, "yes" if r.applicable else "no"),
            r.justification,
            label(lang, _IM_KEY[r.implementation]),
            "; ".join(r.requirements),
            "; ".join(r.evidence),
        ]
        for r in soa.rows
    ]
    return header, rows


def render_soa(
    soa: Soa, *, format: Literal["html", "csv", "xlsx", "pdf"] = "html", lang: Lang = "en"
) -> bytes:
    """The statement as HTML, CSV (UTF-8 with BOM, for spreadsheet programs), XLSX or PDF."""
    header, rows = _table(soa, lang)
    if format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if format == "xlsx":
        return _xlsx(soa, header, rows, lang)
    html = render_template(
        "soa.html.j2", lang=lang, soa=soa, header=header, rows=rows, im_key=_IM_KEY
    )
    if format == "pdf":
        return html_to_pdf(html, title=label(lang, "soa"), issued_at=soa.issued_at)
    return html.encode("utf-8")


def _xlsx(soa: Soa, header: list[str], rows: list[list[str]], lang: Lang) -> bytes:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
    except ImportError as exc:
        from fulcrum.errors import missing_extra

        raise missing_extra("openpyxl", "reports") from exc
    book = Workbook()
    sheet = book.active
    sheet.title = "SoA"
    sheet.append([f"{label(lang, 'soa')}: {soa.framework_title}"])
    sheet.append([label(lang, "scope"), soa.system or label(lang, "organisation_scope")])
    sheet.append([])
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    widths = (9, 22, 40, 24, 10, 60, 18, 40, 40)
    for column, width in zip("ABCDEFGHI", widths, strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A5"
    stamp = soa.issued_at.astimezone(dt.UTC).replace(tzinfo=None)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "Fulcrum"
    out = io.BytesIO()
    book.save(out)
    return _fixed_zip_times(out.getvalue(), stamp)


def _fixed_zip_times(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite the archive with fixed dates, so the same statement gives the same bytes.

    openpyxl stamps ``dcterms:modified`` with the clock on save; the record's date replaces it.
    """
    import re
    import zipfile

    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + when + rb"\g<2>",
                    content,
                )
            dst.writestr(fixed, content)
    return out.getvalue()
