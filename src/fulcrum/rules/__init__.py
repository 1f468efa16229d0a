"""Applicability and risk classification: profile facts in, verdicts with reasons out.

The rules themselves are catalog data (``catalog/data/**/rules``, each
requirement's ``applies_when``); this package only evaluates them. Every value
(EU AI Act tier, ethics grade, expert re-review, review procedure) and every
obligation carries the rule, the facts it used and the provision it cites;
exceptions written in the law that stopped a rule are reported too.
``impact(profiles, before=..., after=...)`` tells what a change of rule set, or of
date, does to each system: tier, obligations added or removed, deadlines moved.
"""

from fulcrum.rules._classify import (
    Classification,
    Classifier,
    Finding,
    Obligation,
    classify,
    default_classifier,
)
from fulcrum.rules._impact import (
    DeadlineMove,
    ImpactReport,
    SystemImpact,
    compare,
    impact,
)
from fulcrum.rules._precedents import PrecedentMatch, similar_precedents

__all__ = [
    "Classification",
    "Classifier",
    "DeadlineMove",
    "Finding",
    "ImpactReport",
    "Obligation",
    "PrecedentMatch",
    "SystemImpact",
    "classify",
    "compare",
    "default_classifier",
    "impact",
    "similar_precedents",
]
