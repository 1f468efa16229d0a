"""Person names (the offline ``privacy`` extra): recall on real maintainer names, precision
on real lines (tests/data/privacy/debian_maintainers.txt, real_names.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fulcrum.assess.privacy import Analyzer

pytest.importorskip("gender_guesser")

DATA = Path(__file__).resolve().parents[2] / "data" / "privacy"
TEMPLATES = ("Thanks to {} for the patch.", "{} wrote this module.")


def _names() -> list[str]:
    lines = (DATA / "debian_maintainers.txt").read_text(encoding="utf-8").splitlines()
    return [n for n in lines if n and not n.startswith("#")]


def test_recall_on_real_maintainer_names() -> None:
    # Given 512 real names from Debian changelog trailers, in neutral sentences
    from fulcrum.assess.privacy.recognizers.names import WesternNameRecognizer

    analyzer = Analyzer(recognizers=[WesternNameRecognizer()])
    found = total = 0
    for name in _names():
        for template in TEMPLATES:
            text = template.format(name)
            start = text.index(name)
            spans = analyzer.analyze(text)
            total += 1
            # Then a PERSON span covers the first name and reaches into the surname
            first, last = name.split()[0], name.split()[-1]
            found += any(
                s.start <= start and s.end > start + len(name) - len(last) and len(first) > 0
                for s in spans
            )
    assert found / total >= 0.75, found / total


def test_precision_on_real_lines() -> None:
    analyzer = Analyzer(["PERSON"])
    right = hits = 0
    for line in (DATA / "real_names.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for span in analyzer.analyze(row["text"]):
            hits += 1
            right += span.text in row["expect"]
    assert hits >= 70 and right / hits >= 0.95, (right, hits)


@pytest.mark.parametrize(
    "text", ["Will Smith and May Day", "Thu Apr  6 14:26:27 PDT", "51 Franklin Street, Boston"]
)
def test_common_words_dates_and_places_are_not_names(text: str) -> None:
    assert Analyzer(["PERSON"]).analyze(text) == []


def test_a_capitalised_word_before_the_name_is_skipped() -> None:
    from fulcrum.assess.privacy.recognizers.names import WesternNameRecognizer

    spans = WesternNameRecognizer().analyze("Contact Matthias Klose, phone +44 7911 123456")
    assert [s.text for s in spans] == ["Matthias Klose"]
