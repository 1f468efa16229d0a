"""The catalog as RDF: SKOS + Dublin Core + W3C DPV terms, ELI where a law has one.

Every item becomes ``urn:fulcrum:<id>``; crosswalk edges become SKOS mapping
triples; frameworks link to their ELI identifier with ``owl:sameAs``. The graph
goes into an in-memory pyoxigraph store, which serialises it (Turtle, JSON-LD)
and answers SPARQL queries.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from fulcrum.catalog._graph import Catalog, framework_of
from fulcrum.catalog._model import (
    Amendment,
    Application,
    Control,
    Precedent,
    Principle,
    Provision,
    Requirement,
    Rule,
)
from fulcrum.errors import InputError, missing_extra

NS = {
    "fulcrum": "urn:fulcrum:",
    "fv": "https://w3id.org/fulcrum/vocab#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dpv": "https://w3id.org/dpv#",
    "ai": "https://w3id.org/dpv/ai#",
    "eu-aiact": "https://w3id.org/dpv/legal/eu/aiact#",
    "eli": "http://data.europa.eu/eli/ontology#",
}

#: DPV class of each kind of item (dpv:Law for legislation, dpv:Obligation for duties, ...).
_TYPES: dict[type, tuple[str, ...]] = {
    Provision: ("fv:Provision", "skos:Concept"),
    Requirement: ("dpv:Obligation", "fv:Requirement", "skos:Concept"),
    Control: ("dpv:TechnicalOrganisationalMeasure", "fv:Control", "skos:Concept"),
    Principle: ("fv:Principle", "skos:Concept"),
    Rule: ("dpv:Rule", "fv:ClassificationRule"),
    Application: ("fv:ApplicationSchedule",),
    Amendment: ("fv:Amendment", "dpv:Law"),
    Precedent: ("fv:Precedent", "skos:Concept"),
}
_FRAMEWORK_TYPES = {
    "law": "dpv:Law",
    "regulation": "dpv:Law",
    "standard": "fv:Standard",
    "guideline": "fv:Guideline",
    "code_of_ethics": "fv:CodeOfEthics",
    "framework": "fv:Framework",
    "case_law": "fv:CaseLaw",
}


def _ox() -> Any:
    try:
        import pyoxigraph
    except ModuleNotFoundError as exc:
        raise missing_extra("pyoxigraph", "rdf") from exc
    return pyoxigraph


def _iri(curie: str) -> Any:
    prefix, _, local = curie.partition(":")
    return _ox().NamedNode(NS[prefix] + local)


def item_iri(item_id: str) -> Any:
    """The IRI of a catalog item."""
    return _ox().NamedNode(NS["fulcrum"] + item_id)


def build_store(catalog: Catalog) -> Any:
    """An in-memory pyoxigraph store holding the whole catalog."""
    ox = _ox()
    store = ox.Store()
    graph = ox.DefaultGraph()
    quads: list[Any] = []

    def add(subject: Any, predicate: str, obj: Any) -> None:
        quads.append(ox.Quad(subject, _iri(predicate), obj, graph))

    def text(value: str) -> Any:
        return ox.Literal(value, language="en")

    for fw in catalog.frameworks.values():
        node = item_iri(fw.id)
        add(node, "rdf:type", _iri(_FRAMEWORK_TYPES[fw.kind]))
        add(node, "rdf:type", _iri("skos:ConceptScheme"))
        add(node, "dct:title", text(fw.title))
        add(node, "skos:prefLabel", text(fw.short_title))
        add(node, "dct:description", text(fw.summary))
        add(node, "dct:publisher", ox.Literal(fw.issuer))
        add(node, "owl:versionInfo", ox.Literal(fw.version))
        if fw.jurisdiction:
            add(node, "dpv:hasJurisdiction", ox.Literal(fw.jurisdiction))
        if fw.eli:
            add(node, "owl:sameAs", ox.NamedNode(fw.eli))
        if fw.url:
            add(node, "rdfs:seeAlso", ox.NamedNode(fw.url))
        for date_field, predicate in (("published", "dct:issued"), ("effective", "dct:valid")):
            value = getattr(fw, date_field)
            if value:
                add(node, predicate, ox.Literal(value.isoformat(), datatype=_iri("xsd:date")))
    for table in (
        catalog.provisions,
        catalog.requirements,
        catalog.controls,
        catalog.principles,
        catalog.rules,
        catalog.applications,
        catalog.amendments,
        catalog.precedents,
    ):
        for item in table.values():
            _add_item(add, text, item, ox)
    for m in catalog.mappings:
        add(item_iri(m.source), f"skos:{m.relation}", item_iri(m.target))
    for req in catalog.requirements.values():
        for principle in req.principles:
            add(item_iri(req.id), "fv:realises", item_iri(principle))
    store.extend(quads)
    return store


def _add_item(add: Any, text: Any, item: Any, ox: Any) -> None:
    node = item_iri(item.id)
    for curie in _TYPES[type(item)]:
        add(node, "rdf:type", _iri(curie))
    add(node, "skos:inScheme", item_iri(framework_of(item.id)))
    add(node, "skos:prefLabel", text(item.title))
    for field, predicate in (
        ("statement", "skos:definition"),
        ("summary", "skos:definition"),
        ("ref", "skos:notation"),
        ("cites", "dct:source"),
    ):
        value = getattr(item, field, None)
        if value:
            add(
                node,
                predicate,
                text(value) if predicate == "skos:definition" else ox.Literal(value),
            )
    for field in ("parent",):
        value = getattr(item, field, None)
        if value:
            add(node, "skos:broader", item_iri(value))
    for provision in getattr(item, "provisions", ()) or ():
        add(node, "dct:references", item_iri(provision))
    if isinstance(item, Requirement):
        add(node, "fv:severity", ox.Literal(item.severity))
        if item.applies_when is not None:
            add(node, "fv:appliesWhen", ox.Literal(item.applies_when.describe()))
    if isinstance(item, Provision) and item.url:
        add(node, "rdfs:seeAlso", ox.NamedNode(item.url))
    if isinstance(item, Requirement) and item.application:
        add(node, "fv:application", item_iri(item.application))
    if isinstance(item, Amendment | Precedent):
        _add_dated(add, text, item, ox)


def _date(ox: Any, value: Any) -> Any:
    return ox.Literal(value.isoformat(), datatype=_iri("xsd:date"))


def _add_dated(add: Any, text: Any, item: Amendment | Precedent, ox: Any) -> None:
    """Amendments and precedents: dates, sources, what they changed or decided."""
    node = item_iri(item.id)
    if isinstance(item, Amendment):
        add(node, "dct:title", ox.Literal(item.act))
        add(node, "fv:inForce", _date(ox, item.in_force))
        add(
            node,
            "fv:verified",
            ox.Literal(str(item.verified).lower(), datatype=_iri("xsd:boolean")),
        )
        if item.eli:
            add(node, "owl:sameAs", ox.NamedNode(item.eli))
        for change in item.changes:
            predicate = "fv:adds" if change.action == "added" else "fv:modifies"
            add(node, predicate, item_iri(change.target))
        return
    add(node, "dct:date", _date(ox, item.date))
    add(node, "dpv:hasJurisdiction", ox.Literal(item.jurisdiction))
    add(node, "dct:publisher", ox.Literal(item.authority))
    add(node, "fv:decisionKind", ox.Literal(item.kind))
    add(node, "fv:outcome", text(item.outcome))
    add(node, "skos:definition", text(item.summary))
    if item.fine is not None:
        add(node, "fv:fineAmount", ox.Literal(repr(item.fine.amount), datatype=_iri("xsd:decimal")))
        add(node, "fv:fineCurrency", ox.Literal(item.fine.currency))
    for fact, value in item.facts.items():
        for v in value if isinstance(value, list) else [value]:
            add(node, "fv:fact", ox.Literal(f"{fact}={v}"))
    for source in item.sources:
        if source.url:
            add(node, "dct:source", ox.NamedNode(source.url))


def export(catalog: Catalog, fmt: Literal["turtle", "jsonld", "ntriples"] = "turtle") -> str:
    """Serialise the catalog as Turtle, JSON-LD or N-Triples."""
    ox = _ox()
    formats = {
        "turtle": ox.RdfFormat.TURTLE,
        "jsonld": ox.RdfFormat.JSON_LD,
        "ntriples": ox.RdfFormat.N_TRIPLES,
    }
    store = build_store(catalog)
    kwargs: dict[str, Any] = {"from_graph": ox.DefaultGraph()}
    if fmt == "turtle":
        kwargs["prefixes"] = NS
    data: bytes = store.dump(format=formats[fmt], **kwargs)
    return data.decode("utf-8")


def _unshift(message: str, lines: int) -> str:
    """A parser message whose ``error at LINE:COL`` counts from the user's first line."""

    def shift(match: re.Match[str]) -> str:
        return f"line {max(int(match[1]) - lines, 1)}, column {match[2]}"

    return re.sub(r"(?<=error at )(\d+):(\d+)", shift, message.splitlines()[0]).replace(
        "error at line", "at line"
    )


def query(catalog: Catalog, sparql: str, *, source: str = "query") -> list[dict[str, str | None]]:
    """Run a SPARQL SELECT (or ASK) query; rows map variable names to values.

    Errors name ``source`` (the query's file) and the line and column in it.
    """
    store = build_store(catalog)
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in NS.items())
    try:
        result = store.query(prologue + sparql)
    except SyntaxError as exc:
        raise InputError(f"{source}: SPARQL syntax error: {_unshift(str(exc), len(NS))}") from exc
    if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
        return [{"result": str(bool(result)).lower()}]
    if not hasattr(result, "variables"):
        raise InputError(f"{source}: only SELECT and ASK queries are supported")
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        row: dict[str, str | None] = {}
        for name in names:
            term = solution[name]
            row[name] = None if term is None else term.value
        rows.append(row)
    return rows
