"""Classify a profile: scheme values (EU tier, grade, ...) and obligations, with reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from fulcrum.catalog import (
    Catalog,
    Condition,
    catalog_for,
    extra_catalog_folders,
    framework_of,
)
from fulcrum.profile import Profile
from fulcrum.rules._compiled import (
    CompiledRule,
    CompiledSchedule,
    CompiledScheme,
    compile_requirement,
    compile_schedule,
    compile_schemes,
)


def _fact_values(facts: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for name in names:
        value = facts[name]
        if isinstance(value, frozenset):
            value = sorted(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        out[name] = value
    return out


@dataclass(frozen=True)
class Finding:
    """Why something applies (or, with ``exception``, why a written exception stopped it)."""

    rule: str
    title: str
    cites: str
    provision: str | None
    facts: dict[str, Any]
    condition: str
    sets: dict[str, Any] = field(default_factory=dict)
    exception: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form used by ``fulcrum classify``."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "title": self.title,
            "cites": self.cites,
            "facts": self.facts,
            "condition": self.condition,
        }
        if self.provision:
            out["provision"] = self.provision
        if self.sets:
            out["sets"] = self.sets
        if self.exception:
            out["exception"] = self.exception
            out["outcome"] = "exception honoured: the rule does not apply"
        return out


class Obligation(NamedTuple):
    """A requirement that applies to the system; its reasons are built when asked for.

    A named tuple: classification creates tens of them per profile, so creation is cheap.
    """

    rule: CompiledRule
    framework: str
    severity: str
    kind: str
    effective: dt.date | None
    applies_until: dt.date | None
    facts: dict[str, Any]

    @property
    def id(self) -> str:
        """The requirement id."""
        return self.rule.id

    @property
    def because(self) -> Finding:
        """The rule that made it apply and the facts it read."""
        r = self.rule
        return Finding(
            r.id, r.title, r.cites, r.provision, _fact_values(self.facts, r.facts), r.explanation
        )

    @property
    def applies_from(self) -> dt.date | None:
        """The date it applies from for this system (None: with the framework itself)."""
        return self.effective

    def in_force(self, as_of: dt.date) -> bool:
        """Whether the obligation binds on ``as_of``."""
        started = self.effective is None or self.effective <= as_of
        return started and (self.applies_until is None or as_of <= self.applies_until)

    def to_dict(self, as_of: dt.date) -> dict[str, Any]:
        """JSON form used by ``fulcrum classify``."""
        because = self.because
        applies_from = self.effective.isoformat() if self.effective else None
        out = {
            "id": self.rule.id,
            "framework": self.framework,
            "title": self.rule.title,
            "cites": self.rule.cites,
            "severity": self.severity,
            "kind": self.kind,
            "because": [because.condition],
            "facts": because.facts,
            "applies_from": applies_from,
            "effective": applies_from,
            "in_force": self.in_force(as_of),
        }
        if self.applies_until:
            out["applies_until"] = self.applies_until.isoformat()
        return out


@dataclass(frozen=True)
class Classification:
    """The verdicts for one profile against one version of the rule set."""

    system: str
    version: str
    ruleset_version: str
    values: dict[str, Any]
    findings: dict[str, tuple[Finding, ...]]
    exceptions: tuple[Finding, ...]
    applied: tuple[Obligation, ...] = field(repr=False)
    as_of: dt.date

    @property
    def eu_tier(self) -> str:
        """The EU AI Act tier."""
        return str(self.values["eu_ai_act.tier"])

    @property
    def ethics_grade(self) -> str:
        """The organisation's ethics grade."""
        return str(self.values["ethics_grade"])

    @property
    def obligations(self) -> tuple[Obligation, ...]:
        """Every requirement that applies, in catalog order."""
        return self.applied

    def because(self, *schemes: str) -> list[dict[str, Any]]:
        """Findings that set any of ``schemes``, then the exceptions honoured for them."""
        seen: dict[str, dict[str, Any]] = {}
        for scheme in schemes:
            for finding in self.findings.get(scheme, ()):
                seen.setdefault(finding.rule, finding.to_dict())
        for finding in self.exceptions:
            if any(s in finding.sets for s in schemes):
                seen.setdefault(f"{finding.rule}!", finding.to_dict())
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        """The ``fulcrum classify --format json`` contract (shared/spec/profile.md)."""
        return {
            "system": self.system,
            "version": self.version,
            "ruleset_version": self.ruleset_version,
            "as_of": self.as_of.isoformat(),
            "eu_ai_act": {
                "as_of": self.as_of.isoformat(),
                "tier": self.values["eu_ai_act.tier"],
                "transparency": self.values["eu_ai_act.transparency"],
                "because": self.because("eu_ai_act.tier", "eu_ai_act.transparency"),
            },
            "ethics_grade": self.values["ethics_grade"],
            "ethics_grade_because": self.because("ethics_grade"),
            "review_procedure": self.values["review_procedure"],
            "expert_rereview": self.values["expert_rereview"],
            "expert_rereview_because": self.because("expert_rereview"),
            "schemes": dict(self.values),
            "obligations": [o.to_dict(self.as_of) for o in self.obligations],
        }


class Classifier:
    """Evaluates every scheme rule and requirement of a catalog against profiles."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.schemes: tuple[CompiledScheme, ...] = compile_schemes(catalog)
        # A recommendation with no applicability rule is guidance reached through crosswalks,
        # not an obligation of every system.
        kept = [
            r
            for r in catalog.requirements.values()
            if not (r.kind == "recommendation" and r.applies_when is None)
        ]
        self.requirements: tuple[CompiledRule, ...] = tuple(
            compile_requirement(r, catalog.frameworks[framework_of(r.id)].applies_when)
            for r in kept
        )
        self._meta = {r.id: (framework_of(r.id), r.severity, r.kind) for r in kept}
        self._schedules: dict[str, CompiledSchedule] = {
            r.id: compile_schedule(r, catalog) for r in kept
        }
        self._at: dict[int, Classifier] = {}
        self._by_date: dict[dt.date, Classifier] = {}
        self._rows = tuple((r, *self._meta[r.id], self._schedules[r.id]) for r in self.requirements)
        # Most legal obligations start with "jurisdictions contains X": bucket them by X so a
        # profile only evaluates the requirements of its own jurisdictions.
        buckets: dict[str | None, list[int]] = {}
        for index, r in enumerate(self.requirements):
            guard = _jurisdiction_guard(catalog.requirements[r.id].applies_when)
            buckets.setdefault(guard, []).append(index)
        self._buckets = {k: tuple(v) for k, v in buckets.items()}

    def _check(
        self, rule: CompiledRule, facts: dict[str, Any]
    ) -> tuple[Finding | None, Finding | None]:
        """(finding if the rule applies, finding if an exception stopped it)."""
        if not rule.holds(facts):
            return None, None
        for exc in rule.exceptions:
            if exc.holds(facts):
                return None, Finding(
                    rule.id,
                    rule.title,
                    exc.cites,
                    rule.provision,
                    _fact_values(facts, tuple(sorted({*rule.facts, *exc.facts}))),
                    rule.explanation,
                    rule.sets,
                    exc.note,
                )
        return Finding(
            rule.id,
            rule.title,
            rule.cites,
            rule.provision,
            _fact_values(facts, rule.facts),
            rule.explanation,
            rule.sets,
        ), None

    def at(self, as_of: dt.date) -> Classifier:
        """The classifier over the law as it stood on ``as_of`` (this one if nothing differs)."""
        known = self._by_date.get(as_of)
        if known is not None:
            return known
        self._by_date[as_of] = found = self._at_uncached(as_of)
        return found

    def _at_uncached(self, as_of: dt.date) -> Classifier:
        view = self.catalog.as_of(as_of)
        if view is self.catalog:
            return self
        key = id(view)
        if key not in self._at:
            self._at[key] = Classifier(view)
        return self._at[key]

    def classify(self, profile: Profile, *, as_of: dt.date | None = None) -> Classification:
        """Classify one profile under the rules as they stand on ``as_of`` (default: today)."""
        as_of = as_of or dt.date.today()
        classifier = self.at(as_of)
        if classifier is not self:
            return classifier.classify(profile, as_of=as_of)
        facts = profile.facts()
        values: dict[str, Any] = {}
        findings: dict[str, tuple[Finding, ...]] = {}
        exceptions: list[Finding] = []
        checked: dict[str, tuple[Finding | None, Finding | None]] = {}
        for compiled in self.schemes:
            sid = compiled.scheme.id
            if not compiled.applies(facts):
                values[sid] = facts[sid] = compiled.scheme.outside
                findings[sid] = ()
                continue
            holding: list[Finding] = []
            fallback: list[Finding] = []
            for rule in compiled.rules:
                if not rule.holds(facts):
                    continue
                if rule.id not in checked:
                    checked[rule.id] = self._check(rule, facts)
                applied, excepted = checked[rule.id]
                if applied is not None:
                    (fallback if rule.fallback else holding).append(applied)
                elif excepted is not None and excepted not in exceptions:
                    exceptions.append(excepted)
            holding = holding or fallback
            value = compiled.scheme.default
            if holding:
                value = min((f.sets[sid] for f in holding), key=compiled.rank.__getitem__)
            if value in compiled.scheme.exclusive:
                holding = [f for f in holding if f.sets[sid] == value]
            holding.sort(key=lambda f: (compiled.rank[f.sets[sid]], f.rule))
            values[sid] = facts[sid] = value
            findings[sid] = tuple(holding)
        obligations = []
        candidates = list(self._buckets.get(None, ()))
        for jurisdiction in facts["jurisdictions"]:
            candidates += self._buckets.get(jurisdiction, ())
        candidates.sort()
        rows = self._rows
        for index in candidates:
            req, framework, severity, kind, schedule = rows[index]
            if not req.holds(facts):  # the common case: keep this loop lean
                continue
            if req.exceptions and any(e.holds(facts) for e in req.exceptions):
                _, excepted = self._check(req, facts)
                if excepted is not None:
                    exceptions.append(excepted)
                continue
            start = schedule.applies_from(facts) if schedule.phases else schedule.default
            obligations.append(
                Obligation(req, framework, severity, kind, start, schedule.until, facts)
            )
        return Classification(
            system=profile.id,
            version=profile.version,
            ruleset_version=self.catalog.version,
            values=values,
            findings=findings,
            exceptions=tuple(exceptions),
            applied=tuple(obligations),
            as_of=as_of,
        )


def _jurisdiction_guard(condition: Condition | None) -> str | None:
    """X when ``condition`` can only hold if ``jurisdictions`` contains X, else None."""
    if condition is None:
        return None
    leaves = [condition] if condition.fact is not None else list(condition.all_ or ())
    for leaf in leaves:
        if leaf.fact == "jurisdictions" and leaf.contains is not None:
            return leaf.contains
    return None


def default_classifier() -> Classifier:
    """The classifier over ``get_catalog()`` (bundled plus FULCRUM_CATALOG_PATH), built once."""
    return _classifier_for(extra_catalog_folders())


@lru_cache(maxsize=4)
def _classifier_for(folders: tuple[str, ...]) -> Classifier:
    """One classifier per set of extra catalog folders, over the catalog loaded for them."""
    return Classifier(catalog_for(folders))


def classify(
    profile: Profile, *, catalog: Catalog | None = None, as_of: dt.date | None = None
) -> Classification:
    """Classify ``profile`` against ``catalog`` (default: the bundled one)."""
    classifier = Classifier(catalog) if catalog is not None else default_classifier()
    return classifier.classify(profile, as_of=as_of)
