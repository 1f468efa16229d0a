"""Applicability and risk classification: profile facts in, verdicts with reasons out.

The rules themselves are catalog data (``catalog/data/**/rules``, each
requirement's ``applies_when``); this package only evaluates them. Every value
(EU AI Act tier, ethics grade, expert re-review, review procedure) and every
obligation carries the rule, the facts it used and the provision it cites;
exceptions written in the law that stopped a rule are reported too.
"""

from fulcrum.rules._classify import (
    Classification,
    Classifier,
    Finding,
    Obligation,
    classify,
    default_classifier,
)

__all__ = [
    "Classification",
    "Classifier",
    "Finding",
    "Obligation",
    "classify",
    "default_classifier",
]
