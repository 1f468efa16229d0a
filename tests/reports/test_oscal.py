"""OSCAL exports validated with compliance-trestle's OSCAL models; UUIDs are stable."""

from __future__ import annotations

import json
import uuid

import pytest

from fulcrum.catalog import get_catalog
from fulcrum.evidence import Evidence
from fulcrum.reports import oscal_assessment_results, oscal_catalog, oscal_component_definition
from fulcrum.reports.oscal import to_json
from tests.reports.conftest import screener_record

trestle_catalog = pytest.importorskip("trestle.oscal.catalog")
trestle_component = pytest.importorskip("trestle.oscal.component")
trestle_results = pytest.importorskip("trestle.oscal.assessment_results")


@pytest.mark.parametrize("framework", sorted(get_catalog().frameworks))
def test_every_framework_exports_a_valid_catalog(framework: str) -> None:
    trestle_catalog.Model.model_validate(oscal_catalog(framework))


def test_iso_42001_catalog_content() -> None:
    doc = oscal_catalog("iso-iec-42001")["catalog"]
    controls = [c for g in doc["groups"] if g["class"] == "theme" for c in g["controls"]]
    assert len(controls) == 38
    a22 = controls[0]
    assert a22["id"] == "iso-iec-42001_a.2.2"
    assert {"name": "label", "value": "A.2.2"} in a22["props"]
    assert a22["parts"][0]["name"] == "statement"
    assert doc["metadata"]["last-modified"] == "2023-12-18T00:00:00Z"
    assert doc["uuid"] == str(uuid.UUID(doc["uuid"]))


def test_the_validator_can_fail() -> None:
    doc = oscal_catalog("iso-iec-42001")
    doc["catalog"]["groups"][0]["controls"][0]["id"] = "not:a:token"
    with pytest.raises(ValueError):
        trestle_catalog.Model.model_validate(doc)


def test_component_definition_and_results_are_valid(compas_evidence: Evidence) -> None:
    first = screener_record().obligations[0].id
    record = screener_record(
        compas_evidence, **{first: {"status": "verified", "evidence": [compas_evidence.id]}}
    )
    component = oscal_component_definition(record)
    trestle_component.Model.model_validate(component)
    results = oscal_assessment_results(record)
    trestle_results.Model.model_validate(results)
    # every applying obligation is implemented by the component, with its status
    reqs = [
        r
        for ci in component["component-definition"]["components"][0]["control-implementations"]
        for r in ci["implemented-requirements"]
    ]
    assert len(reqs) == len(record.obligations)
    met = next(r for r in reqs if r["control-id"] == first.replace(":", "_"))
    assert {"name": "implementation-status", "value": "implemented"} in met["props"]
    # the evidence is an observation and the met obligation's finding cites it
    result = results["assessment-results"]["results"][0]
    (observation,) = result["observations"]
    assert observation["relevant-evidence"][0]["href"] == compas_evidence.id
    finding = next(f for f in result["findings"] if f["target"]["target-id"].startswith(
        first.replace(":", "_")))  # fmt: skip
    assert finding["target"]["status"]["state"] == "satisfied"
    assert finding["related-observations"] == [{"observation-uuid": observation["uuid"]}]


def test_reexport_is_identical_and_a_change_diffs_cleanly() -> None:
    record = screener_record()
    assert to_json(oscal_component_definition(record)) == to_json(
        oscal_component_definition(screener_record())
    )
    first = record.obligations[0].id
    changed = oscal_component_definition(screener_record(**{first: {"status": "verified"}}))
    before = oscal_component_definition(record)
    a = json.dumps(before, indent=1).splitlines()
    b = json.dumps(changed, indent=1).splitlines()
    differing = [x for x, y in zip(a, b, strict=True) if x != y]
    assert len(differing) == 2  # the implementation-status and obligation-status values only
