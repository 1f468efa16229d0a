"""Privacy assessment: find personal data, remove it, and measure the risk that is left.

Recognizers (one small class per entity type: a regex for candidates, a
validator such as a check digit, a base confidence, context words and an
explanation) are collected in a registry; the ``Analyzer`` combines their
patterns into one compiled pattern, tries it only where an identifier can start
(anchors found at C speed: digits, ``@``, ``:``, ``+``; decimals, times and later
groups of numbers skipped), validates only the candidates and resolves overlaps by
specificity, so a valid resident ID is never also a bank card. Numbers are never
read out of longer numbers, context never crosses a table cell, and national phone
numbers are accepted only for the configured regions (default CN, US, GB).

Around the analyzer: ``scan_text_file`` and ``scan_table`` (CSV, Parquet,
pandas/Arrow, SQL tables, streamed, or a sampled scan with intervals) report what
personal data a source holds, and ``assess_pii`` / ``assess_reidentification`` wrap
them into results that carry their ``Evidence`` (masked samples only);
``deidentify_file`` applies a YAML ``Policy`` (redact, mask, replace, keyed
pseudonym, AES-GCM, generalise, suppress) atomically; ``assess_risk`` measures
k-anonymity, l-diversity, t-closeness and prosecutor risk from one grouped
aggregation and ``search_lattice`` finds the least generalisation reaching a
target k (and l); ``anonymise_faces`` blurs or pixelates faces in images.
Results become ``fulcrum.evidence.Evidence`` tied to PIPL, GDPR and ISO/IEC
29151 requirements.
"""

from fulcrum.assess.privacy._analyzer import Analyzer, resolve_overlaps, trigger_windows
from fulcrum.assess.privacy._assess import (
    PiiScanResult,
    ReidentificationResult,
    assess_pii,
    assess_reidentification,
    build_analyzer,
)
from fulcrum.assess.privacy._deidentify import DeidSummary, deidentify_file, deidentify_text
from fulcrum.assess.privacy._evidence import (
    SENSITIVE_TYPES,
    build_evidence,
)
from fulcrum.assess.privacy._faces import FaceReport, anonymise_faces, haar_detector
from fulcrum.assess.privacy._hierarchy import Hierarchy, parse_hierarchy
from fulcrum.assess.privacy._lattice import LatticeResult, default_hierarchies, search_lattice
from fulcrum.assess.privacy._operators import decrypt, encrypt, mask, pseudonym
from fulcrum.assess.privacy._policy import Policy, load_policy
from fulcrum.assess.privacy._presidio import (
    PresidioRecognizer,
    as_presidio_recognizer,
    from_presidio,
    to_presidio,
)
from fulcrum.assess.privacy._recognizer import (
    Recognizer,
    RecognizerRegistry,
    Span,
    default_registry,
    register,
)
from fulcrum.assess.privacy._risk import RiskReport, assess_risk, risk_from_counts
from fulcrum.assess.privacy._scan import scan_text_file
from fulcrum.assess.privacy._tables import ColumnScan, TableScan, scan_table

__all__ = [
    "SENSITIVE_TYPES",
    "Analyzer",
    "ColumnScan",
    "DeidSummary",
    "FaceReport",
    "Hierarchy",
    "LatticeResult",
    "PiiScanResult",
    "Policy",
    "PresidioRecognizer",
    "Recognizer",
    "RecognizerRegistry",
    "ReidentificationResult",
    "RiskReport",
    "Span",
    "TableScan",
    "anonymise_faces",
    "as_presidio_recognizer",
    "assess_pii",
    "assess_reidentification",
    "assess_risk",
    "build_analyzer",
    "build_evidence",
    "decrypt",
    "default_hierarchies",
    "default_registry",
    "deidentify_file",
    "deidentify_text",
    "encrypt",
    "from_presidio",
    "haar_detector",
    "load_policy",
    "mask",
    "parse_hierarchy",
    "pseudonym",
    "register",
    "resolve_overlaps",
    "risk_from_counts",
    "scan_table",
    "scan_text_file",
    "search_lattice",
    "to_presidio",
    "trigger_windows",
]
