"""Issuing a report on a registered system: gather, render, record its hash; one transaction.

The CLI, the REST API and the web UI all issue reports through ``ReportService``, so every
issued document leaves the same ``report.issued`` event (the SHA-256 of the exact bytes
handed out) whoever asked for it and however.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

from sqlalchemy.orm import Session

from fulcrum._hashing import sha256_bytes
from fulcrum.errors import InputError
from fulcrum.reports._gather import gather_dossier, record_issue
from fulcrum.reports._model import DossierInput, EvidenceItem, Lang

ReportKind = Literal[
    "dossier",
    "soa",
    "model-card",
    "cn-filing",
    "oscal-component-definition",
    "oscal-assessment-results",
]

#: The formats each report comes in; the first is the default.
FORMATS: dict[str, tuple[str, ...]] = {
    "dossier": ("pdf", "html"),
    "soa": ("xlsx", "csv", "html", "pdf"),
    "model-card": ("md", "html", "cyclonedx"),
    "cn-filing": ("pdf", "html"),
    "oscal-component-definition": ("json",),
    "oscal-assessment-results": ("json",),
}

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown; charset=utf-8",
    "cyclonedx": "application/vnd.cyclonedx+json",
    "json": "application/json",
}

_SUFFIX = {"cyclonedx": "cdx.json"}


@dataclass(frozen=True)
class IssuedReport:
    """A rendered report and the hash recorded for it in the audit log."""

    data: bytes
    media_type: str
    filename: str
    sha256: str


def check_request(kind: str, fmt: str | None, lang: str) -> tuple[ReportKind, str]:
    """The report kind and format, or one error naming what is offered."""
    if kind not in FORMATS:
        raise InputError(f"report {kind!r} is not one of: {', '.join(FORMATS)}")
    chosen = fmt or FORMATS[kind][0]
    if chosen not in FORMATS[kind]:
        raise InputError(f"{kind} comes as {', '.join(FORMATS[kind])}, not {chosen!r}")
    if lang not in get_args(Lang):
        raise InputError(f"language {lang!r} is not one of: {', '.join(get_args(Lang))}")
    return kind, chosen  # type: ignore[return-value]


def render(record: DossierInput, kind: ReportKind, fmt: str, lang: Lang, **options: Any) -> bytes:
    """The bytes of one report of ``record`` (pure: the same record gives the same bytes)."""
    from fulcrum import reports

    if kind == "dossier":
        return reports.render_dossier(record, format=fmt, lang=lang)  # type: ignore[arg-type]
    if kind == "model-card":
        if fmt == "cyclonedx":
            return reports.cyclonedx_json(record)
        return reports.render_model_card(record, format=fmt)  # type: ignore[arg-type]
    if kind.startswith("oscal-"):
        from fulcrum.reports import oscal

        build = {
            "oscal-component-definition": oscal.oscal_component_definition,
            "oscal-assessment-results": oscal.oscal_assessment_results,
        }[kind]
        return oscal.to_json(build(record))
    if kind == "cn-filing":
        filing = reports.build_cn_filing(record, lang=lang)
        return reports.render_cn_filing(filing, record, format=fmt, lang=lang)  # type: ignore[arg-type]
    statement = reports.build_soa(
        options.get("framework") or "iso-iec-42001",
        obligations=record.obligations,
        system=record.system.id,
        issued_at=record.issued_at,
        lang=lang,
    )
    return reports.render_soa(statement, format=fmt, lang=lang)  # type: ignore[arg-type]


class ReportService:
    """Issues reports on registered systems as an authenticated actor.

    Reading the record authorizes through the registry and review services (``system.read``,
    ``case.read``); anyone who may read a system may take its reports, and each one taken is
    logged with its hash.
    """

    def __init__(self, session: Session, actor: Any) -> None:
        self.session = session
        self.actor = actor

    def issue(
        self,
        system: str,
        kind: str,
        *,
        format: str | None = None,
        lang: str = "en",
        version: int | None = None,
        framework: str | None = None,
        checkpoint: Any | None = None,
        organisation: str = "",
        extra_evidence: tuple[EvidenceItem, ...] = (),
    ) -> IssuedReport:
        """Render ``kind`` for ``system`` and append ``report.issued`` with the bytes' hash."""
        report, fmt = check_request(kind, format, lang)
        record = gather_dossier(
            self.session,
            system,
            version=version,
            actor=self.actor,
            checkpoint=checkpoint,
            organisation=organisation,
        )
        if extra_evidence:
            record = record.model_copy(update={"evidence": (*record.evidence, *extra_evidence)})
        data = render(record, report, fmt, lang, framework=framework)  # type: ignore[arg-type]
        digest = sha256_bytes(data)
        name = _event_name(report, framework)
        record_issue(
            self.session, record, report=name, fmt=fmt, digest=digest, actor=self.actor.username
        )
        day = record.issued_at.date().isoformat()
        filename = f"{system}-v{record.system.version.number}-{report}-{day}"
        return IssuedReport(
            data=data,
            media_type=MEDIA_TYPES[fmt],
            filename=f"{filename}.{_SUFFIX.get(fmt, fmt)}",
            sha256=digest,
        )


def _event_name(kind: ReportKind, framework: str | None) -> str:
    """The ``report`` field of ``report.issued``: ``soa:<framework>``, ``oscal:<model>``."""
    if kind == "soa":
        return f"soa:{framework or 'iso-iec-42001'}"
    if kind.startswith("oscal-"):
        return "oscal:" + kind.removeprefix("oscal-")
    return kind
