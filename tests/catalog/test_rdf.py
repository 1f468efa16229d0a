"""RDF export round-trips through a parser, and SPARQL answers over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from fulcrum.catalog import load_catalog
from fulcrum.catalog._rdf import export, query
from fulcrum.errors import InputError

ox = pytest.importorskip("pyoxigraph")


def test_turtle_round_trip_and_skos_edges(mini_catalog_dir: Path) -> None:
    catalog = load_catalog(mini_catalog_dir)
    text = export(catalog, "turtle")
    store = ox.Store()
    store.load(text.encode(), format=ox.RdfFormat.TURTLE)
    ask = store.query(
        "ASK { <urn:fulcrum:alpha:risk-management> "
        "<http://www.w3.org/2004/02/skos/core#broadMatch> <urn:fulcrum:beta:r1> }"
    )
    assert bool(ask)
    assert len(store) > 20


def test_sparql_select_with_predeclared_prefixes(mini_catalog_dir: Path) -> None:
    rows = query(
        load_catalog(mini_catalog_dir),
        "SELECT ?r WHERE { ?r a dpv:Obligation ; skos:inScheme fulcrum:alpha }",
    )
    assert rows == [{"r": "urn:fulcrum:alpha:risk-management"}]
    assert query(load_catalog(mini_catalog_dir), "ASK { fulcrum:alpha a dpv:Law }") == [
        {"result": "true"}
    ]


def test_jsonld_is_json(mini_catalog_dir: Path) -> None:
    import json

    data = json.loads(export(load_catalog(mini_catalog_dir), "jsonld"))
    assert any(node.get("@id") == "urn:fulcrum:beta:c1" for node in data)


def test_bad_sparql(mini_catalog_dir: Path) -> None:
    with pytest.raises(InputError, match="SPARQL syntax error"):
        query(load_catalog(mini_catalog_dir), "SELEKT nothing")
