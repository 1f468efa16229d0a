"""Precision on real text nobody planted identifiers in (tests/data/privacy/real_text.jsonl).

189 lines taken from this machine's Debian changelogs, copyright files and man pages,
Python sources, Chinese gettext catalogs, service logs and numeric CSVs (stock prices):
every line on which the old or the new recognizers reported something, sampled per
source and type. Each line's expected entities were written by reading it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from fulcrum.assess.privacy import Analyzer

DATA = Path(__file__).resolve().parents[2] / "data" / "privacy" / "real_text.jsonl"
PRECISION_FLOOR = 0.95


def _score(analyzer: Analyzer) -> tuple[Counter[str], Counter[str], list[tuple[str, str]]]:
    right: Counter[str] = Counter()
    found: Counter[str] = Counter()
    wrong = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        expected = Counter(tuple(e) for e in row["expect"])
        for span in analyzer.analyze(row["text"]):
            key = (span.entity_type, span.text)
            found[span.entity_type] += 1
            if expected[key] > 0:
                expected[key] -= 1
                right[span.entity_type] += 1
            else:
                wrong.append((span.entity_type, row["text"]))
    return right, found, wrong


def test_precision_per_type_on_unplanted_text() -> None:
    right, found, wrong = _score(Analyzer())
    for kind, n in found.items():
        assert right[kind] / n >= PRECISION_FLOOR, (kind, right[kind], n, wrong[:10])


def test_numbers_in_decimals_versions_and_clauses_are_not_identifiers() -> None:
    # the defect classes of issue 14, as they occur in the real lines
    analyzer = Analyzer()
    for text in (
        "3.679,3.608,3.549,3.499,3.4560000000000004,,",  # a bank card inside a decimal
        "2240.14990234375,365.6300048828125",  # a mobile number inside a decimal
        "emacs (1:24.3.4.1+dfsg-1) unstable",  # a Debian epoch and version
        "Requires: lz4>=1.7.4.2",
        "in Clause 252.227-7013 (c) (1) of DFARs.",
        "Created symlink getty.target.wants/getty@tty1.service",
        "\\&    B::CC                    1.00_01",
        # a GNU changelog date after "needed": "nee" (born) is no context inside a word
        "attribute=pure now warns it is needed.  2017-10-26  Vincent Lefevre  <",
    ):
        assert analyzer.analyze(text) == [], text
