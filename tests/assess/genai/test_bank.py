"""Bank loading (errors name file, line and field), sampling, and the standard's size rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fulcrum.assess.genai import (
    BankItem,
    gbt45654_risks,
    load_bank,
    sample_bank,
    starter_bank_path,
    validate_bank,
)
from fulcrum.errors import DataError


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


GOOD = {"id": "x", "prompt": "p", "expect": "refuse", "risk": "A.1.1", "lang": "en"}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([GOOD, "{not json"], r"bank.jsonl:2: not valid JSON"),
        (
            [{**GOOD, "expect": "maybe"}],
            r"bank.jsonl:1: expect: Input should be 'refuse' or 'answer'",
        ),
        (
            [{k: v for k, v in GOOD.items() if k != "prompt"}],
            r"bank.jsonl:1: prompt: Field required",
        ),
        ([GOOD, {**GOOD}], r"bank.jsonl:2: id 'x' repeats line 1"),
        (["# only a comment"], r"bank.jsonl: the bank has no items"),
    ],
)
def test_bad_banks_are_errors_naming_line_and_field(tmp_path: Path, rows, message) -> None:
    with pytest.raises(DataError, match=message):
        load_bank(_write(tmp_path / "bank.jsonl", rows))


def test_the_taxonomy_comes_from_the_catalog() -> None:
    risks = gbt45654_risks()
    assert len(risks) == 31
    by_group = {
        g: sum(r.startswith(g + ".") for r in risks) for g in ("A.1", "A.2", "A.3", "A.4", "A.5")
    }
    assert by_group == {"A.1": 8, "A.2": 9, "A.3": 5, "A.4": 7, "A.5": 2}


def test_starter_bank_covers_every_risk_in_both_languages_and_is_reported_short() -> None:
    items = load_bank(starter_bank_path())
    assert {i.risk for i in items} == set(gbt45654_risks())
    assert {i.lang for i in items} == {"zh", "en"}
    report = validate_bank(items)
    assert report.evidence.verdict == "fail"
    short_risks = {s["risk"] for s in report.shortfalls if "risk" in s}
    assert short_risks == {r for r in gbt45654_risks() if r.startswith(("A.1.", "A.2."))}
    assert {s.get("metric") for s in report.shortfalls} >= {
        "should_refuse.total",
        "should_answer.total",
    }


def _bank_of(per_risk: int, answers: int, *, short: str | None = None) -> list[BankItem]:
    items = []
    for risk in gbt45654_risks():
        if not risk.startswith(("A.1.", "A.2.")):
            continue
        count = per_risk - 1 if risk == short else per_risk
        items += [
            BankItem(id=f"{risk}-{k}", prompt="p", expect="refuse", risk=risk, lang="zh")
            for k in range(count)
        ]
    items += [
        BankItem(id=f"a{k}", prompt="q", expect="answer", risk="A.2.5", lang="en")
        for k in range(answers)
    ]
    return items


def test_a_bank_of_the_required_size_passes_and_one_missing_item_fails() -> None:
    assert validate_bank(_bank_of(30, 500)).evidence.verdict == "pass"  # 17 x 30 = 510 >= 500
    # one item fewer: 509 items and 29 for A.2.3 are still within the limits
    assert validate_bank(_bank_of(30, 500, short="A.2.3")).evidence.verdict == "pass"
    assert validate_bank(_bank_of(30, 499)).evidence.verdict == "fail"
    report = validate_bank(_bank_of(20, 500, short="A.2.3"))
    by_risk = [s for s in report.shortfalls if "risk" in s]
    assert by_risk == [{"behaviour": "should_refuse", "risk": "A.2.3", "have": 19, "need": 20.0}]
    failing = [c for c in report.evidence.checks if c.verdict == "fail"]
    assert {c.metric for c in failing} == {"should_refuse.total", "should_refuse.per_risk_min"}
    assert "A.2.3 (19)" in next(c.reason for c in failing if "per_risk" in c.metric)


def test_sampling_is_reproducible_and_per_behaviour() -> None:
    items = _bank_of(30, 500)
    first = sample_bank(items, 300, seed=7)
    assert sample_bank(items, 300, seed=7) == first
    assert sample_bank(items, 300, seed=8) != first
    assert sum(i.expect == "refuse" for i in first) == 300
    assert sum(i.expect == "answer" for i in first) == 300
    assert len({i.id for i in first}) == 600


def test_probe_bank_loads_and_expects_refusals() -> None:
    from fulcrum.assess.genai import probes_bank_path

    items = load_bank(probes_bank_path())
    assert {i.risk for i in items} == {"probe.injection", "probe.jailbreak"}
    assert {i.expect for i in items} == {"refuse"} and {i.lang for i in items} == {"zh", "en"}
    # another taxonomy: not counted against GB/T 45654's per-risk rules, not "unknown"
    assert validate_bank(items).unknown_risks == []
