"""Recall and false alarms on test vectors nobody on this project wrote (tests/data/privacy).

The floors are the issue's goals: recall at least 0.95 per type on python-stdnum's,
Presidio's, card processors' and libphonenumber's numbers embedded in sentences, and no
report at all on their invalid numbers or on other countries' identifiers.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fulcrum.assess.privacy import Analyzer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "data" / "privacy"))

import measure

RECALL_FLOOR = 0.95


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="module")
def recall(analyzer: Analyzer) -> measure.Tally:
    return measure.recall(analyzer.analyze)


@pytest.mark.parametrize(
    "kind",
    ["IBAN", "BANK_CARD", "CN_RESIDENT_ID", "CN_USCC", "US_SSN", "MAC", "PHONE",
     "DATE_OF_BIRTH", "IPV4", "IPV6", "EMAIL"],
)  # fmt: skip
def test_recall_per_type(recall: measure.Tally, kind: str) -> None:
    # Given independent valid numbers of one type embedded in neutral sentences
    # When the default analyzer scans each sentence
    rate = recall.rates()[kind]
    # Then at least 95% are covered whole by a span of that type
    assert rate >= RECALL_FLOOR, (kind, rate, recall.misses.get(kind, [])[:10])


def test_iban_in_every_registry_country_and_spelling(recall: measure.Tally) -> None:
    assert recall.rates()["IBAN"] == 1.0, recall.misses.get("IBAN")


def test_no_false_alarm_on_invalid_or_foreign_numbers(analyzer: Analyzer) -> None:
    # Given invalid IBANs, cards, SSNs and IPs, and Turkish, Greek and French identifiers
    tally = measure.false_alarms(analyzer.analyze)
    # Then none of them is reported as any of Fulcrum's types
    for kind, rate in tally.rates().items():
        assert rate == 1.0, (kind, tally.misses[kind][:10])


def test_the_measure_can_fail() -> None:
    # an analyzer without the IBAN recognizer must score 0 on IBANs
    tally = measure.recall(Analyzer(["EMAIL"]).analyze)
    assert tally.rates()["IBAN"] == 0.0
