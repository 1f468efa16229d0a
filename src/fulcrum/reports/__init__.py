"""Reports: pure functions from result objects to rendered documents.

A report is rendered from a record the caller assembles: a ``DossierInput`` (system and
versions, classification, obligations with status/owner/due/evidence, evidence records, the
review record, the integrity appendix) built with ``dossier_input``, or the catalog alone.
Renderers never query the database (``reports._gather`` is the one place that reads the
services for the CLI), and every date shown comes from the record, so the same record gives
the same bytes. HTML comes from Jinja2 templates, PDF from the same HTML through WeasyPrint
(the ``reports`` extra bundles Noto Sans SC for Chinese); labels are English or Chinese.
"""

from fulcrum.reports._build import dossier_input, obligations_from
from fulcrum.reports._i18n import LANGS, label
from fulcrum.reports._model import (
    AuditEventItem,
    CheckpointInfo,
    CommitteeMember,
    ConditionItem,
    DecisionItem,
    DossierInput,
    EvidenceItem,
    Figure,
    IntegrityAppendix,
    Lang,
    ObligationItem,
    RecusalItem,
    ReviewRecord,
    SystemInfo,
    VersionInfo,
    VoteItem,
)
from fulcrum.reports._render import html_to_pdf
from fulcrum.reports.bias_audit import BiasAudit, build_bias_audit, load_evidence, render_bias_audit
from fulcrum.reports.cn_filing import CnFiling, build_cn_filing, render_cn_filing
from fulcrum.reports.dossier import render_dossier, render_dossier_html, render_dossier_pdf
from fulcrum.reports.model_card import cyclonedx_json, cyclonedx_model_card, render_model_card
from fulcrum.reports.oscal import (
    oscal_assessment_results,
    oscal_catalog,
    oscal_component_definition,
)
from fulcrum.reports.soa import Soa, SoaRow, build_soa, render_soa

__all__ = [
    "LANGS",
    "AuditEventItem",
    "BiasAudit",
    "CheckpointInfo",
    "CnFiling",
    "CommitteeMember",
    "ConditionItem",
    "DecisionItem",
    "DossierInput",
    "EvidenceItem",
    "Figure",
    "IntegrityAppendix",
    "Lang",
    "ObligationItem",
    "RecusalItem",
    "ReviewRecord",
    "Soa",
    "SoaRow",
    "SystemInfo",
    "VersionInfo",
    "VoteItem",
    "build_bias_audit",
    "build_cn_filing",
    "build_soa",
    "cyclonedx_json",
    "cyclonedx_model_card",
    "dossier_input",
    "html_to_pdf",
    "label",
    "load_evidence",
    "obligations_from",
    "oscal_assessment_results",
    "oscal_catalog",
    "oscal_component_definition",
    "render_bias_audit",
    "render_cn_filing",
    "render_dossier",
    "render_dossier_html",
    "render_dossier_pdf",
    "render_model_card",
    "render_soa",
]
