"""Crosswalk queries and coverage on the real catalog data.

Every EU AI Act high-risk requirement (Arts. 9-15, 17, 26-27) maps to ISO/IEC 42001 controls
and NIST AI RMF subcategories; SKOS relations read inversely from the target side; coverage
follows paths of up to two hops and grades them covered / partial / none.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest

from fulcrum.catalog import Catalog, framework_of, load_catalog

HIGH_RISK_ARTICLES = re.compile(r"^eu-ai-act:art-(9|10|11|12|13|14|15|17|26|27)(-|$)")
# EU high-risk requirements with no Chinese counterpart worth a mapping.
NO_CN_COUNTERPART = {"eu-ai-act:art-12-record-keeping", "eu-ai-act:art-26-7-inform-workers"}
CN_FRAMEWORKS = {
    "cn-pipl",
    "cn-st-ethics-review",
    "cn-genai-measures",
    "cn-deep-synthesis",
    "cn-algorithm-recommendation",
    "cn-aigc-labeling",
    "cn-face-recognition-measures",
}
INVERSE = {
    "exactMatch": "exactMatch",
    "closeMatch": "closeMatch",
    "relatedMatch": "relatedMatch",
    "broadMatch": "narrowMatch",
    "narrowMatch": "broadMatch",
}


@cache
def _catalog() -> Catalog:
    return load_catalog()


def _high_risk() -> list[str]:
    return sorted(r for r in _catalog().requirements if HIGH_RISK_ARTICLES.match(r))


def _direct(item: str, framework: str, kind: str | None = None) -> list[str]:
    cat = _catalog()
    return [
        e.other
        for e in cat.crosswalk(item)
        if framework_of(e.other) == framework and (kind is None or cat.kind_of(e.other) == kind)
    ]


def test_the_high_risk_set_is_the_expected_one() -> None:
    ids = _high_risk()
    for required in (
        "eu-ai-act:art-9-risk-management",
        "eu-ai-act:art-10-data-governance",
        "eu-ai-act:art-10-bias-examination",
        "eu-ai-act:art-11-technical-documentation",
        "eu-ai-act:art-12-record-keeping",
        "eu-ai-act:art-13-instructions-for-use",
        "eu-ai-act:art-14-human-oversight",
        "eu-ai-act:art-15-accuracy-robustness",
        "eu-ai-act:art-17-quality-management",
        "eu-ai-act:art-26-deployer-obligations",
        "eu-ai-act:art-27-fria",
    ):
        assert required in ids


@pytest.mark.parametrize("requirement", _high_risk())
def test_every_high_risk_requirement_has_a_42001_control(requirement: str) -> None:
    assert _direct(requirement, "iso-iec-42001", "control"), requirement


@pytest.mark.parametrize("requirement", _high_risk())
def test_every_high_risk_requirement_has_a_nist_subcategory(requirement: str) -> None:
    assert _direct(requirement, "nist-ai-rmf", "requirement"), requirement


@pytest.mark.parametrize("requirement", _high_risk())
def test_high_risk_requirements_have_chinese_counterparts(requirement: str) -> None:
    found = [
        e.other for e in _catalog().crosswalk(requirement) if framework_of(e.other) in CN_FRAMEWORKS
    ]
    assert bool(found) is (requirement not in NO_CN_COUNTERPART), requirement


def test_every_mapping_is_well_formed() -> None:
    cat = _catalog()
    pairs = Counter((m.source, m.target) for m in cat.mappings)
    assert not [p for p, n in pairs.items() if n > 1], "duplicate crosswalk edges"
    for m in cat.mappings:
        assert m.source != m.target
        assert len(m.rationale) >= 10, (m.source, m.target)
        assert (m.target, m.source) not in pairs, f"edge stated twice: {m.source} / {m.target}"


def test_every_mapping_reads_inversely_from_the_target_side() -> None:
    cat = _catalog()
    for m in cat.mappings:
        back = [e for e in cat.crosswalk(m.target) if e.other == m.source and e.direction == "in"]
        assert [e.relation for e in back] == [INVERSE[m.relation]], (m.source, m.target)
        out = [e for e in cat.crosswalk(m.source) if e.other == m.target and e.direction == "out"]
        assert [e.relation for e in out] == [m.relation]


@pytest.mark.parametrize(
    ("item", "other", "relation", "direction"),
    [
        # 42001 A.6.2.8 seen from its side: close match of the Art. 12 logging duty
        ("iso-iec-42001:a.6.2.8", "eu-ai-act:art-12-record-keeping", "closeMatch", "in"),
        # narrowMatch from the EU side reads broadMatch from the IEEE side
        (
            "eu-ai-act:art-15-accuracy-robustness",
            "ieee-2945:recognition-accuracy",
            "narrowMatch",
            "out",
        ),
        (
            "ieee-2945:recognition-accuracy",
            "eu-ai-act:art-15-accuracy-robustness",
            "broadMatch",
            "in",
        ),
        ("cn-pipl:art-55-pi-impact-assessment", "eu-ai-act:art-27-fria", "broadMatch", "in"),
        # principles: narrower realisations in other frameworks, and realised-by edges
        ("code-of-ethics:fairness", "eu-ai-act:art-10-bias-examination", "narrowMatch", "out"),
        ("eu-ai-act:art-10-bias-examination", "code-of-ethics:fairness", "broadMatch", "in"),
        ("code-of-ethics:fairness", "code-of-ethics:fairness-assessment", "relatedMatch", "in"),
        ("nist-ai-rmf:measure-2.11", "code-of-ethics:fairness", "relatedMatch", "out"),
    ],
)
def test_crosswalk_edges_from_either_side(
    item: str, other: str, relation: str, direction: str
) -> None:
    edges = [(e.relation, e.direction) for e in _catalog().crosswalk(item) if e.other == other]
    assert (relation, direction) in edges


def test_crosswalk_lists_strongest_relations_first() -> None:
    strength = {
        "exactMatch": 3,
        "closeMatch": 2,
        "broadMatch": 1,
        "narrowMatch": 1,
        "relatedMatch": 0,
    }
    edges = _catalog().crosswalk("eu-ai-act:art-10-data-governance")
    ranks = [strength[e.relation] for e in edges]
    assert ranks == sorted(ranks, reverse=True)


# -- coverage ---------------------------------------------------------------------------------


def _coverage(source: str, target: str) -> dict:
    return {row.requirement: row for row in _catalog().coverage(source, target)}


@pytest.mark.parametrize("requirement", _high_risk())
def test_eu_high_risk_coverage_by_42001_is_never_none(requirement: str) -> None:
    assert _coverage("eu-ai-act", "iso-iec-42001")[requirement].status != "none"


@pytest.mark.parametrize(
    ("source", "target", "requirement", "status", "item"),
    [
        (
            "eu-ai-act",
            "iso-iec-42001",
            "eu-ai-act:art-12-record-keeping",
            "covered",
            "iso-iec-42001:a.6.2.8",
        ),
        ("eu-ai-act", "iso-iec-42001", "eu-ai-act:art-27-fria", "covered", "iso-iec-42001:a.5.4"),
        # 42001 has no human-oversight control: only related items, so partial
        (
            "eu-ai-act",
            "iso-iec-42001",
            "eu-ai-act:art-14-human-oversight",
            "partial",
            "iso-iec-42001:a.9.2",
        ),
        (
            "eu-ai-act",
            "nist-ai-rmf",
            "eu-ai-act:art-10-bias-examination",
            "covered",
            "nist-ai-rmf:measure-2.11",
        ),
        (
            "eu-ai-act",
            "nist-ai-rmf",
            "eu-ai-act:art-14-human-oversight",
            "covered",
            "nist-ai-rmf:manage-2.4",
        ),
        (
            "iso-iec-27701",
            "gdpr",
            "iso-iec-27701:privacy-impact-assessment",
            "covered",
            "gdpr:art-35-dpia",
        ),
        (
            "iso-iec-27701",
            "cn-pipl",
            "iso-iec-27701:cross-border-transfer",
            "covered",
            "cn-pipl:art-38-cross-border-mechanism",
        ),
        (
            "code-of-ethics",
            "cn-st-ethics-review",
            "code-of-ethics:expert-rereview",
            "covered",
            "cn-st-ethics-review:art-26-expert-rereview",
        ),
    ],
)
def test_coverage_rows(source: str, target: str, requirement: str, status: str, item: str) -> None:
    row = _coverage(source, target)[requirement]
    assert row.status == status
    assert item in {c[0] for c in row.covered_by}


def test_coverage_follows_two_hop_paths_and_keeps_the_weakest_link() -> None:
    # code of ethics -> ISO/IEC 42001 V&V objective (close) -> NIST MEASURE 2.3 (close)
    row = _coverage("code-of-ethics", "nist-ai-rmf")["code-of-ethics:reliability-validation"]
    paths = {item: (relation, path) for item, relation, path in row.covered_by}
    relation, path = paths["nist-ai-rmf:measure-2.3"]
    assert relation == "closeMatch"
    assert path == ("iso-iec-42001:verification-validation", "nist-ai-rmf:measure-2.3")
    # EU Art. 27 -> PIPL PIA (narrow) -> ISO/IEC 27701 PIA (close): weakest link is narrow
    row = _coverage("eu-ai-act", "iso-iec-27701")["eu-ai-act:art-27-fria"]
    paths = {item: (relation, path) for item, relation, path in row.covered_by}
    assert paths["iso-iec-27701:privacy-impact-assessment"][0] in {"narrowMatch", "relatedMatch"}
    # one hop only: the two-hop item disappears
    one_hop = {
        r.requirement: r for r in _catalog().coverage("code-of-ethics", "nist-ai-rmf", hops=1)
    }["code-of-ethics:reliability-validation"]
    assert "nist-ai-rmf:measure-2.3" not in {c[0] for c in one_hop.covered_by}


def test_coverage_never_walks_through_principles() -> None:
    for row in _catalog().coverage("iso-iec-29151", "eu-ai-act"):
        for _item, _relation, path in row.covered_by:
            assert not any(
                step.startswith("code-of-ethics:") and _catalog().kind_of(step) == "principle"
                for step in path
            )


def test_every_standard_requirement_is_crosswalked() -> None:
    cat = _catalog()
    for framework in (
        "iso-iec-42001",
        "iso-iec-23894",
        "iso-iec-27001",
        "iso-iec-27701",
        "iso-iec-29151",
        "ieee-2945",
    ):
        for req in cat.items("requirements", framework):
            mapped = [e for e in cat.crosswalk(req.id) if cat.kind_of(e.other) != "principle"]
            assert mapped, req.id
