"""Privacy assessment: find personal data, remove it, and measure the risk that is left.

Recognizers (one small class per entity type: a regex for candidates, a
validator such as a check digit, a base confidence, context words and an
explanation) are collected in a registry; the ``Analyzer`` combines their
patterns into one compiled scan, validates only the candidates and resolves
overlaps by specificity, so a valid resident ID is never also a bank card.
"""

from fulcrum.assess.privacy._analyzer import Analyzer, resolve_overlaps, trigger_windows
from fulcrum.assess.privacy._recognizer import (
    Recognizer,
    RecognizerRegistry,
    Span,
    default_registry,
    register,
)

__all__ = [
    "Analyzer",
    "Recognizer",
    "RecognizerRegistry",
    "Span",
    "default_registry",
    "register",
    "resolve_overlaps",
    "trigger_windows",
]
