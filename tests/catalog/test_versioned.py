"""Amendments as data: the catalog as of a date, and the diff between two versions of the law."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fulcrum.catalog import get_catalog, load_catalog
from fulcrum.catalog._diff import diff
from fulcrum.errors import CatalogError
from tests.catalog.conftest import MINI, write_catalog

AMENDED = {
    **MINI,
    "alpha/amendments.yaml": """\
provisions:
  - {id: "alpha:art-2", ref: "Art. 2", title: New duty}
applications:
  - id: alpha:dates
    title: When risk management applies
    cites: Alpha Art. 9
    applies_from: 2027-01-01
amendments:
  - id: alpha:amendment-1
    title: First amendment
    act: Amending Act 1/2026
    in_force: 2026-06-01
    changes:
      - {target: "alpha:art-2", action: added}
      - {target: "alpha:dates", action: modified, field: applies_from, before: 2026-01-01}
""",
}


@pytest.fixture
def amended(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_catalog(write_catalog(tmp_path / "c", AMENDED))


def test_as_of_undoes_later_amendments(amended) -> None:  # type: ignore[no-untyped-def]
    before = amended.as_of(dt.date(2026, 5, 31))
    assert "alpha:art-2" not in before.provisions
    assert "alpha:amendment-1" not in before.amendments
    assert str(before.applications["alpha:dates"].applies_from) == "2026-01-01"
    on = amended.as_of(dt.date(2026, 6, 1))
    assert on is amended  # nothing to undo: the same catalog
    assert str(on.applications["alpha:dates"].applies_from) == "2027-01-01"


def test_views_are_cached_per_set_of_pending_amendments(amended) -> None:  # type: ignore[no-untyped-def]
    assert amended.as_of(dt.date(2026, 1, 1)) is amended.as_of(dt.date(2026, 3, 1))


def test_diff_of_a_mini_amendment(amended) -> None:  # type: ignore[no-untyped-def]
    result = diff(amended.as_of(dt.date(2026, 1, 1)), amended)
    changes = {(i.id, i.change) for i in result.items}
    assert changes == {
        ("alpha:art-2", "added"),
        ("alpha:amendment-1", "added"),
        ("alpha:dates", "changed"),
    }
    (dates,) = [i for i in result.items if i.id == "alpha:dates"]
    assert [(f.field, f.before, f.after) for f in dates.fields] == [
        ("applies_from", "2026-01-01", "2027-01-01")
    ]


def test_diff_on_the_digital_omnibus() -> None:
    law = get_catalog()
    result = diff(law.as_of(dt.date(2026, 7, 26)), law.as_of(dt.date(2026, 7, 27))).to_dict()
    by_id = {i["id"]: i for i in result["items"]}
    for added in ("eu-ai-act:art-5-1-ba", "eu-ai-act:art-5-1-bb", "eu-ai-act:tier-art-5-1-ba"):
        assert by_id[added]["change"] == "added"
    fields = {f["field"]: f for f in by_id["eu-ai-act:dates-chapter-iii"]["fields"]}
    assert fields["applies_from"] == {
        "field": "applies_from",
        "before": "2026-08-02",
        "after": "2027-12-02",
    }
    assert diff(law, law).empty


def test_omnibus_is_recorded_with_its_official_journal_reference() -> None:
    omnibus = get_catalog().amendments["eu-ai-act:amendment-2026-1744"]
    assert "2026/1744" in omnibus.act and "24.7.2026" in omnibus.act
    assert omnibus.in_force == dt.date(2026, 7, 27)
    assert omnibus.verified is False  # the OJ text itself was not reachable; see its note


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("{target: alpha:nope, action: added}", "references unknown id 'alpha:nope'"),
        (
            "{target: alpha:dates, action: modified, field: colour, before: red}",
            "Application has no field 'colour'",
        ),
        (
            "{target: alpha:dates, action: modified, field: applies_from, before: soon}",
            "before: not a valid 'applies_from'",
        ),
        ("{target: alpha:dates, action: modified}", "names the field"),
    ],
)
def test_bad_amendments_are_refused(tmp_path: Path, change: str, message: str) -> None:
    files = dict(AMENDED)
    files["alpha/amendments.yaml"] = files["alpha/amendments.yaml"].replace(
        '{target: "alpha:art-2", action: added}', change
    )
    with pytest.raises(CatalogError, match=message):
        load_catalog(write_catalog(tmp_path / "c", files))


def test_the_omnibus_recast_ai_literacy_as_an_obligation_of_means() -> None:
    law = get_catalog()
    before = law.as_of(dt.date(2026, 7, 26)).requirements["eu-ai-act:art-4-ai-literacy"]
    after = law.requirements["eu-ai-act:art-4-ai-literacy"]
    assert "have sufficient AI literacy" in before.statement
    assert "support the development of AI literacy" in after.statement
