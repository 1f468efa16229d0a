"""The loaded knowledge graph and its queries (list, show, search, crosswalk, coverage)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from fulcrum.catalog._model import (
    Amendment,
    Application,
    Control,
    Framework,
    Mapping,
    Precedent,
    Principle,
    Provision,
    Relation,
    Requirement,
    Rule,
    Scheme,
)
from fulcrum.errors import NotFoundError
from fulcrum.evidence import Threshold

Item = (
    Framework
    | Provision
    | Requirement
    | Control
    | Principle
    | Rule
    | Scheme
    | Application
    | Amendment
    | Precedent
)
#: Tables of items with ids, in the order ``kind_of`` and ``index`` read them.
TABLES = (
    "frameworks",
    "provisions",
    "requirements",
    "controls",
    "principles",
    "rules",
    "applications",
    "amendments",
    "precedents",
)

_INVERSE: dict[Relation, Relation] = {
    "exactMatch": "exactMatch",
    "closeMatch": "closeMatch",
    "relatedMatch": "relatedMatch",
    "broadMatch": "narrowMatch",
    "narrowMatch": "broadMatch",
}
_STRENGTH = {"exactMatch": 3, "closeMatch": 2, "broadMatch": 1, "narrowMatch": 1, "relatedMatch": 0}
_TOKEN = re.compile(r"\w+", re.UNICODE)


def framework_of(item_id: str) -> str:
    """The framework id an item id belongs to (the part before ``:``)."""
    return item_id.split(":", 1)[0]


@dataclass(frozen=True)
class Edge:
    """A crosswalk edge seen from one end: ``relation`` reads "this item <relation> other"."""

    other: str
    relation: Relation
    rationale: str
    direction: Literal["out", "in"]


@dataclass(frozen=True)
class CoverageRow:
    """How one requirement of framework A is covered by items of framework B."""

    requirement: str
    status: Literal["covered", "partial", "none"]
    covered_by: tuple[tuple[str, Relation, tuple[str, ...]], ...]


@dataclass
class Catalog:
    """Frameworks, provisions, requirements, controls, principles, rules and crosswalks."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    provisions: dict[str, Provision] = field(default_factory=dict)
    requirements: dict[str, Requirement] = field(default_factory=dict)
    controls: dict[str, Control] = field(default_factory=dict)
    principles: dict[str, Principle] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    schemes: dict[str, Scheme] = field(default_factory=dict)
    applications: dict[str, Application] = field(default_factory=dict)
    amendments: dict[str, Amendment] = field(default_factory=dict)
    precedents: dict[str, Precedent] = field(default_factory=dict)
    mappings: list[Mapping] = field(default_factory=list)
    version: str = "unversioned"
    #: The date this view of the law stands at (None: every recorded amendment counts).
    as_of_date: Any = None
    _edges: dict[str, list[Edge]] = field(default_factory=dict, repr=False)
    _views: dict[frozenset[str], Catalog] = field(default_factory=dict, repr=False)

    @property
    def index(self) -> dict[str, Any]:
        """Every item by id."""
        merged: dict[str, Any] = {}
        for table in TABLES:
            merged.update(getattr(self, table))
        return merged

    def as_of(self, date: Any) -> Catalog:
        """The catalog as the law stood on ``date``: later amendments undone (see ``_asof``)."""
        from fulcrum.catalog._asof import catalog_as_of

        return catalog_as_of(self, date)

    def freeze(self) -> None:
        """Build the adjacency lists once everything is loaded and checked."""
        edges: dict[str, list[Edge]] = defaultdict(list)
        for m in self.mappings:
            edges[m.source].append(Edge(m.target, m.relation, m.rationale, "out"))
            edges[m.target].append(Edge(m.source, _INVERSE[m.relation], m.rationale, "in"))
        for req in self.requirements.values():
            for principle in req.principles:
                edges[principle].append(
                    Edge(req.id, "relatedMatch", "realised by this requirement", "in")
                )
                edges[req.id].append(
                    Edge(principle, "relatedMatch", "realises this principle", "out")
                )
        self._edges = dict(edges)
        self._index = self.index

    # -- look-ups -----------------------------------------------------------
    def get(self, item_id: str) -> Any:
        """The item with ``item_id``, or a NotFoundError that suggests near ids."""
        try:
            return self._index[item_id]
        except KeyError:
            near = [i for i in self._index if item_id.lower() in i.lower()][:5]
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise NotFoundError(f"no catalog item {item_id!r}{hint}") from None

    def kind_of(self, item_id: str) -> str:
        """The singular kind of an item: ``framework``, ``provision``, ``requirement``, ..."""
        for kind in TABLES:
            if item_id in getattr(self, kind):
                return kind[:-1]
        raise NotFoundError(f"no catalog item {item_id!r}")

    def items(self, kind: str | None = None, framework: str | None = None) -> list[Any]:
        """Items of one kind (plural or singular) and/or one framework, in id order."""
        if kind:
            table = getattr(self, kind if kind.endswith("s") else kind + "s", None)
            if not isinstance(table, dict):
                raise NotFoundError(f"no item kind {kind!r}")
            pool = list(table.values())
        else:
            pool = list(self._index.values())
        if framework:
            if framework not in self.frameworks:
                raise NotFoundError(f"no framework {framework!r}")
            pool = [i for i in pool if framework_of(i.id) == framework]
        return sorted(pool, key=lambda i: i.id)

    def search(self, text: str, limit: int = 20) -> list[tuple[float, Any]]:
        """Items whose id, reference, title or text contain the query words, best first."""
        words = [w.lower() for w in _TOKEN.findall(text)]
        if not words:
            return []
        hits = []
        for item in self._index.values():
            title = getattr(item, "title", "")
            body = " ".join(
                str(getattr(item, f, "") or "") for f in ("statement", "summary", "ref", "cites")
            )
            haystack = f"{item.id} {title} {body}".lower()
            if all(w in haystack for w in words):
                score = sum(3 if w in title.lower() else 1 for w in words)
                hits.append((float(score), item))
        hits.sort(key=lambda hit: (-hit[0], hit[1].id))
        return hits[:limit]

    # -- crosswalks ---------------------------------------------------------
    def crosswalk(self, item_id: str) -> list[Edge]:
        """Every crosswalk edge touching ``item_id``, read from its side."""
        self.get(item_id)
        return sorted(self._edges.get(item_id, []), key=lambda e: (-_STRENGTH[e.relation], e.other))

    def coverage(self, source: str, target: str, *, hops: int = 2) -> list[CoverageRow]:
        """For each requirement of ``source``: items of ``target`` reachable by crosswalks.

        A path of exact/close matches makes it ``covered``; any weaker path
        (broad, narrow, related) makes it ``partial``. Paths may pass through
        other frameworks, at most ``hops`` edges long.
        """
        for fw in (source, target):
            if fw not in self.frameworks:
                raise NotFoundError(f"no framework {fw!r}")
        rows = []
        for req in self.items("requirements", source):
            found: dict[str, tuple[Relation, tuple[str, ...]]] = {}
            self._walk(req.id, target, hops, (req.id,), "exactMatch", found)
            strongest = max((_STRENGTH[r] for r, _ in found.values()), default=-1)
            status: Literal["covered", "partial", "none"] = (
                "covered" if strongest >= 2 else "partial" if found else "none"
            )
            rows.append(
                CoverageRow(
                    req.id,
                    status,
                    tuple(sorted(((k, r, p) for k, (r, p) in found.items()), key=lambda t: t[0])),
                )
            )
        return rows

    def coverage_matrix(
        self, source: str, targets: tuple[str, ...], *, hops: int = 2
    ) -> list[tuple[str, dict[str, str], int]]:
        """For each requirement of ``source``: its status in every target, and how many it covers.

        Shows where one control serves several schemes at once (e.g. an MLPS level-3
        objective that ISO/IEC 27001, 27701 and 29151 controls all cover).
        """
        per_target = {
            t: {r.requirement: r.status for r in self.coverage(source, t, hops=hops)}
            for t in targets
        }
        rows = []
        for req in self.items("requirements", source):
            statuses: dict[str, str] = {t: per_target[t][req.id] for t in targets}
            rows.append((req.id, statuses, sum(1 for s in statuses.values() if s == "covered")))
        return rows

    def _walk(
        self,
        node: str,
        target: str,
        hops: int,
        path: tuple[str, ...],
        weakest: Relation,
        found: dict[str, tuple[Relation, tuple[str, ...]]],
    ) -> None:
        if hops == 0:
            return
        for edge in self._edges.get(node, []):
            if edge.other in path or self.kind_of(edge.other) == "principle":
                continue
            relation = edge.relation if _STRENGTH[edge.relation] < _STRENGTH[weakest] else weakest
            if framework_of(edge.other) == target:
                best = found.get(edge.other)
                if best is None or _STRENGTH[relation] > _STRENGTH[best[0]]:
                    found[edge.other] = (relation, (*path[1:], edge.other))
            else:
                self._walk(edge.other, target, hops - 1, (*path, edge.other), relation, found)

    # -- evidence -----------------------------------------------------------
    def thresholds_for(self, requirement_id: str, assessment: str) -> list[Threshold]:
        """The technical-test thresholds of a requirement for one assessment."""
        req = self.get(requirement_id)
        if not isinstance(req, Requirement):
            raise NotFoundError(
                f"{requirement_id!r} is a {self.kind_of(requirement_id)}, not a requirement"
            )
        return [
            Threshold(
                metric=t.metric,
                operator=t.operator,
                value=t.value,
                requirement=req.id,
                params=dict(t.params),
            )
            for t in req.evidence.tests
            if t.assessment == assessment
        ]
