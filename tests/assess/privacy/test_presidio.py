"""Presidio compatibility with a duck-typed recognizer (Presidio itself is optional)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pytest

from fulcrum.assess.privacy import Analyzer, PresidioRecognizer, from_presidio
from fulcrum.assess.privacy.recognizers.chinese import CnResidentIdRecognizer


@dataclass
class FakeResult:
    entity_type: str
    start: int
    end: int
    score: float


class FakeEntityRecognizer:
    """Implements the part of Presidio's ``EntityRecognizer`` interface Fulcrum uses."""

    name = "FakeZip"
    supported_entities: ClassVar[list[str]] = ["ZIP"]

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object) -> list[FakeResult]:
        i = text.find("ZIP ")
        return [FakeResult("ZIP", i + 4, i + 9, 0.7)] if i >= 0 else []


def test_presidio_recognizer_runs_inside_the_analyzer() -> None:
    analyzer = Analyzer(
        recognizers=[PresidioRecognizer(FakeEntityRecognizer()), CnResidentIdRecognizer()]
    )
    spans = analyzer.analyze("ZIP 10001 ID 11010519491231002X")
    assert [(s.entity_type, s.text) for s in spans] == [
        ("ZIP", "10001"),
        ("CN_RESIDENT_ID", "11010519491231002X"),
    ]


def test_from_presidio_copies_fields() -> None:
    span = from_presidio(FakeResult("X", 1, 3, 0.5), "abcd")
    assert (span.entity_type, span.start, span.end, span.score, span.text) == ("X", 1, 3, 0.5, "bc")


def test_export_to_presidio_when_installed() -> None:
    pytest.importorskip("presidio_analyzer")
    from fulcrum.assess.privacy import as_presidio_recognizer

    rec = as_presidio_recognizer(CnResidentIdRecognizer())
    results = rec.analyze("ID 11010519491231002X", ["CN_RESIDENT_ID"], None)
    assert [(r.start, r.end) for r in results] == [(3, 21)]
