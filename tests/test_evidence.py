"""Threshold verdicts and the evidence record."""

from __future__ import annotations

import pytest

from fulcrum.errors import InputError
from fulcrum.evidence import Check, Evidence, Threshold, combine_verdicts, evaluate_threshold


@pytest.mark.parametrize(
    ("value", "op", "threshold", "interval", "expected"),
    [
        (0.05, "<=", 0.1, None, "pass"),
        (0.15, "<=", 0.1, None, "fail"),
        (0.05, "<=", 0.1, (0.01, 0.09), "pass"),
        (0.05, "<=", 0.1, (0.01, 0.12), "inconclusive"),
        (0.15, "<=", 0.1, (0.11, 0.2), "fail"),
        (0.9, ">=", 0.8, (0.85, 0.95), "pass"),
        (0.9, ">=", 0.8, (0.75, 0.95), "inconclusive"),
        (None, "<=", 0.1, None, "inconclusive"),
        (float("nan"), "<=", 0.1, None, "inconclusive"),
    ],
)
def test_evaluate_threshold(value, op, threshold, interval, expected) -> None:
    verdict, reason = evaluate_threshold(value, op, threshold, interval=interval)
    assert verdict == expected
    assert reason


def test_combine_verdicts() -> None:
    assert combine_verdicts([]) == "not_evaluated"
    assert combine_verdicts(["pass", "pass"]) == "pass"
    assert combine_verdicts(["pass", "inconclusive"]) == "inconclusive"
    assert combine_verdicts(["inconclusive", "fail", "pass"]) == "fail"


def test_evidence_id_is_content_derived() -> None:
    check = Check(
        metric="fpr_difference",
        operator="<=",
        threshold=0.1,
        value=0.2,
        verdict="fail",
        reason="x",
        requirement="urn:x",
    )
    one = Evidence.build(kind="fairness", title="t", metrics={"a": 1}, checks=[check])
    two = Evidence.build(kind="fairness", title="t", metrics={"a": 1}, checks=[check])
    other = Evidence.build(kind="fairness", title="t", metrics={"a": 2}, checks=[check])
    assert one.id == two.id != other.id
    assert one.verdict == "fail"
    assert one.requirements == ("urn:x",)
    assert one.versions["fulcrum"]


def test_threshold_parse_and_check() -> None:
    threshold = Threshold.parse("fpr_difference<=0.1", requirement="eu-ai-act:x")
    assert (threshold.metric, threshold.operator, threshold.value) == ("fpr_difference", "<=", 0.1)
    assert threshold.check(0.05).verdict == "pass"
    assert threshold.check(0.05, interval=(0.0, 0.2)).verdict == "inconclusive"
    assert Threshold.parse("auc>=0.7").operator == ">="


@pytest.mark.parametrize("text", ["fpr", "fpr<=abc", "<=0.1", ""])
def test_threshold_parse_rejects(text: str) -> None:
    with pytest.raises(InputError, match="not of the form"):
        Threshold.parse(text)
