"""Queries over the graph: crosswalks read from either side, coverage, search, thresholds."""

from __future__ import annotations

from pathlib import Path

import pytest

from fulcrum.catalog import load_catalog
from fulcrum.errors import NotFoundError


@pytest.fixture
def catalog(mini_catalog_dir: Path):
    return load_catalog(mini_catalog_dir)


def test_crosswalk_inverts_broad_and_narrow_from_the_target_side(catalog) -> None:
    out = {e.other: e.relation for e in catalog.crosswalk("alpha:risk-management")}
    assert out == {"beta:r1": "broadMatch", "gamma:g1": "exactMatch"}
    back = {e.other: e.relation for e in catalog.crosswalk("beta:r1")}
    assert back == {"alpha:risk-management": "narrowMatch"}


def test_coverage_direct_and_through_an_intermediate_framework(catalog) -> None:
    [row] = catalog.coverage("alpha", "beta")
    # direct broadMatch to beta:r1 is partial; exact to gamma then close to beta:c1 covers it
    assert row.status == "covered"
    by_id = {item: (relation, path) for item, relation, path in row.covered_by}
    assert by_id["beta:c1"] == ("closeMatch", ("gamma:g1", "beta:c1"))
    assert by_id["beta:r1"][0] == "broadMatch"
    [direct_only] = catalog.coverage("alpha", "beta", hops=1)
    assert direct_only.status == "partial"


def test_coverage_none_when_no_path(catalog) -> None:
    rows = catalog.coverage("beta", "alpha")
    assert {r.requirement: r.status for r in rows} == {"beta:r1": "partial"}
    assert [r.status for r in catalog.coverage("gamma", "gamma")] == ["none"]


def test_search_ranks_title_hits_first(catalog) -> None:
    hits = [item.id for _, item in catalog.search("risk")]
    assert hits[0] in {"alpha:risk-management", "beta:c1", "beta:r1", "gamma:g1"}
    assert "alpha:art-1" not in hits
    assert catalog.search("") == []


def test_thresholds_for(catalog) -> None:
    [threshold] = catalog.thresholds_for("alpha:risk-management", "fairness")
    assert (threshold.metric, threshold.operator, threshold.value) == (
        "selection_rate_ratio",
        ">=",
        0.8,
    )
    assert threshold.requirement == "alpha:risk-management"
    assert catalog.thresholds_for("alpha:risk-management", "privacy") == []
    with pytest.raises(NotFoundError, match="is a provision, not a requirement"):
        catalog.thresholds_for("alpha:art-1", "fairness")


def test_unknown_id_suggests_near_ones(catalog) -> None:
    with pytest.raises(NotFoundError, match="did you mean alpha:risk-management"):
        catalog.get("risk-management")
