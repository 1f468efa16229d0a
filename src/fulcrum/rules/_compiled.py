"""Catalog rules and requirements compiled once into fast predicates with explanations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fulcrum.catalog import Catalog, Condition, Requirement, Rule, Scheme
from fulcrum.catalog._conditions import Predicate


def _always(_: Any) -> bool:
    return True


@dataclass(frozen=True)
class CompiledException:
    """A written exception, ready to test."""

    holds: Predicate
    cites: str
    note: str
    facts: tuple[str, ...]


@dataclass(frozen=True)
class CompiledRule:
    """A classification rule or requirement, ready to test against facts."""

    id: str
    title: str
    cites: str
    provision: str | None
    holds: Predicate
    facts: tuple[str, ...]
    explanation: str
    exceptions: tuple[CompiledException, ...]
    sets: dict[str, Any]
    fallback: bool = False


def _compile_exceptions(item: Rule | Requirement) -> tuple[CompiledException, ...]:
    return tuple(
        CompiledException(e.when.compile(), e.cites, e.note, tuple(sorted(e.when.facts_used())))
        for e in item.unless
    )


def compile_rule(rule: Rule) -> CompiledRule:
    """Compile a classification rule."""
    return CompiledRule(
        id=rule.id,
        title=rule.title,
        cites=rule.cites,
        provision=rule.provision,
        holds=rule.when.compile(),
        facts=tuple(sorted(rule.when.facts_used())),
        explanation=rule.when.describe(),
        exceptions=_compile_exceptions(rule),
        sets=dict(rule.sets),
        fallback=rule.fallback,
    )


def compile_requirement(req: Requirement, scope: Condition | None = None) -> CompiledRule:
    """Compile a requirement's applicability rule (no condition: always applies).

    ``scope`` is the framework's own ``applies_when``, which every requirement of it
    must also meet.
    """
    condition: Condition | None = req.applies_when
    if scope is not None:
        condition = (
            scope if condition is None else Condition.model_validate({"all": (scope, condition)})
        )
    return CompiledRule(
        id=req.id,
        title=req.title,
        cites=req.cites,
        provision=req.provisions[0] if req.provisions else None,
        holds=condition.compile() if condition else _always,
        facts=tuple(sorted(condition.facts_used())) if condition else (),
        explanation=condition.describe() if condition else "applies to every system",
        exceptions=_compile_exceptions(req),
        sets={},
    )


@dataclass(frozen=True)
class CompiledSchedule:
    """When a requirement applies: the first phase that holds for the facts, else the default."""

    default: dt.date | None
    phases: tuple[tuple[Predicate, dt.date], ...] = ()
    until: dt.date | None = None

    def applies_from(self, facts: Any) -> dt.date | None:
        """The date the obligation applies from for a system with these facts."""
        for holds, date in self.phases:
            if holds(facts):
                return date
        return self.default


def compile_schedule(req: Requirement, catalog: Catalog) -> CompiledSchedule:
    """The requirement's application dates, from its schedule or its own ``effective``."""
    if req.application is None:
        return CompiledSchedule(req.effective, (), req.applies_until)
    app = catalog.applications[req.application]
    return CompiledSchedule(
        app.applies_from or req.effective,
        tuple((p.when.compile(), p.applies_from) for p in app.phases),
        req.applies_until,
    )


@dataclass(frozen=True)
class CompiledScheme:
    """A scheme with its rules, in the order schemes must be computed."""

    scheme: Scheme
    applies: Predicate
    rules: tuple[CompiledRule, ...]
    rank: dict[Any, int]


def compile_schemes(catalog: Catalog) -> tuple[CompiledScheme, ...]:
    """Schemes ordered so that each one's rules only read facts already computed."""
    rules = [compile_rule(r) for r in catalog.rules.values()]
    by_scheme = {sid: tuple(r for r in rules if sid in r.sets) for sid in catalog.schemes}
    needs = {
        sid: (
            {f for r in by_scheme[sid] for f in r.facts}
            | {f for r in by_scheme[sid] for e in r.exceptions for f in e.facts}
            | (s.applies_when.facts_used() if s.applies_when else set())
        )
        & set(catalog.schemes) - {sid}
        for sid, s in catalog.schemes.items()
    }
    ordered: list[str] = []
    while len(ordered) < len(needs):
        ready = sorted(s for s in needs if s not in ordered and needs[s] <= set(ordered))
        if not ready:
            cycle = sorted(set(needs) - set(ordered))
            raise ValueError(f"classification schemes depend on each other in a cycle: {cycle}")
        ordered += ready
    out = []
    for sid in ordered:
        scheme = catalog.schemes[sid]
        out.append(
            CompiledScheme(
                scheme=scheme,
                applies=scheme.applies_when.compile() if scheme.applies_when else _always,
                rules=by_scheme[sid],
                rank={value: i for i, value in enumerate(scheme.values)},
            )
        )
    return tuple(out)
