"""Precedents like a system: decisions and judgments sharing its facts and provisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fulcrum.catalog import Catalog, Precedent, get_catalog
from fulcrum.profile import Profile
from fulcrum.rules._classify import Classification, Classifier, default_classifier

_SKIPPED = {
    "id",
    "name",
    "version",
    "description",
    "owner",
    "affected_persons",
    "training_compute_flops",
    "placed_on_market",
    "role",
    "jurisdictions",  # scored separately: a shared jurisdiction counts once
}
_DEFAULTS = {name: f.default for name, f in Profile.model_fields.items()}


@dataclass(frozen=True)
class PrecedentMatch:
    """A precedent, how similar it is, and why: the facts and provisions it shares."""

    precedent: Precedent
    score: float
    shared_facts: tuple[str, ...]
    shared_provisions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form used by ``fulcrum precedents``."""
        p = self.precedent
        return {
            "id": p.id,
            "title": p.title,
            "kind": p.kind,
            "jurisdiction": p.jurisdiction,
            "date": p.date.isoformat(),
            "authority": p.authority,
            "outcome": p.outcome,
            "fine": p.fine.model_dump() if p.fine else None,
            "score": round(self.score, 3),
            "why": {
                "shared_facts": list(self.shared_facts),
                "shared_provisions": list(self.shared_provisions),
            },
            "sources": [s.url or s.source for s in p.sources],
        }


def fact_tokens(profile: Profile) -> frozenset[str]:
    """``field=value`` tokens for every fact set away from its default."""
    tokens: set[str] = set()
    for name, value in profile.facts().items():
        if name in _SKIPPED or value == _DEFAULTS.get(name):
            continue
        if isinstance(value, frozenset):
            tokens.update(f"{name}={v}" for v in value)
        elif isinstance(value, bool):
            tokens.add(f"{name}={str(value).lower()}")
        else:
            tokens.add(f"{name}={value}")
    return frozenset(tokens)


def _with_ancestors(ids: set[str], catalog: Catalog) -> set[str]:
    out = set()
    for item_id in ids:
        while item_id:
            out.add(item_id)
            item = catalog.provisions.get(item_id)
            item_id = item.parent if item is not None and item.parent else ""
    return out


def provisions_at_issue(result: Classification, catalog: Catalog) -> set[str]:
    """Obligations, their provisions and those of the rules that hold (with parents)."""
    ids: set[str] = set()
    for obligation in result.obligations:
        ids.add(obligation.id)
        ids.update(catalog.requirements[obligation.id].provisions)
    for findings in result.findings.values():
        ids.update(f.provision for f in findings if f.provision)
    return _with_ancestors(ids, catalog)


_Indexed = tuple[tuple[Precedent, frozenset[str], frozenset[str]], ...]
_INDEX: dict[int, tuple[Catalog, _Indexed]] = {}


def _indexed(catalog: Catalog) -> _Indexed:
    """Fact tokens and cited provisions of every precedent, computed once per catalog."""
    cached = _INDEX.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    out = []
    for p in catalog.precedents.values():
        facts = fact_tokens(Profile.model_validate({"id": "precedent", **p.facts}))
        cited = set(p.provisions)
        parents = {catalog.provisions[i].parent for i in cited if i in catalog.provisions}
        out.append((p, facts, frozenset(cited | {i for i in parents if i})))
    _INDEX[id(catalog)] = (catalog, tuple(out))
    return _INDEX[id(catalog)][1]


def similar_precedents(
    profile: Profile,
    *,
    catalog: Catalog | None = None,
    limit: int = 5,
    classifier: Classifier | None = None,
) -> list[PrecedentMatch]:
    """The ``limit`` precedents most like ``profile``, best first, each with why.

    Score: shared facts count once, shared provisions (or obligations) twice, a
    shared jurisdiction once; precedents sharing nothing are left out.
    """
    catalog = catalog or get_catalog()
    if classifier is None:
        classifier = default_classifier() if catalog is get_catalog() else Classifier(catalog)
    result = classifier.classify(profile)
    mine = fact_tokens(profile)
    provisions = provisions_at_issue(result, catalog)
    jurisdictions = profile.facts()["jurisdictions"]
    matches = []
    for precedent, facts, cited in _indexed(catalog):
        shared_facts = tuple(sorted(mine & facts))
        shared_provisions = tuple(sorted(provisions & cited))
        same_place = precedent.jurisdiction in jurisdictions
        score = len(shared_facts) + 2 * len(shared_provisions) + (1 if same_place else 0)
        if shared_facts or shared_provisions:
            matches.append(PrecedentMatch(precedent, float(score), shared_facts, shared_provisions))
    matches.sort(key=lambda m: (-m.score, -m.precedent.date.toordinal(), m.precedent.id))
    # a precedent citing a provision counts it; its direct parent (e.g. Annex III point 4 for
    # point 4(b)) lets close neighbours match without every Annex III case matching every other
    return matches[:limit]
