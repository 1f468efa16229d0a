"""Recall and type confusion of an analyzer on the independent vectors of ``vectors.py``.

Shared by ``tests/assess/privacy/test_vectors.py`` (floors) and ``bench/privacy.py``
(the figures). A value counts as found when one span of an accepted type covers all
of it: for de-identification, anything less leaves part of it in clear.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import vectors as v

#: Sentence templates for card numbers: with an expiry date or a CVV after the number.
CARD_TEMPLATES = (*v.TEMPLATES, "card {} 12/27", "{} exp 04/28 cvv 737")
SSN_CONTEXT_TEMPLATES = ("SSN {}", "social security number: {}")
DOB_CONTEXT_TEMPLATES = ("DOB: {}", "born {}", "出生日期：{}", "Date of birth {}", "生日 {}")
#: Birth dates in the common Chinese and Western spellings (issue 14's list).
DOB_VALUES = (
    "21/05/85", "05-MAY-1985", "1985年5月21日", "1985-05-21", "1985.05.21", "19850521",
    "May 21, 1985", "21 May 1985", "5/21/1985", "21.05.1985", "1985/5/21",
)  # fmt: skip


@dataclass
class Tally:
    """Found / total per entity type, with the misses kept for messages."""

    found: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, ok: bool, text: str) -> None:
        self.total[kind] = self.total.get(kind, 0) + 1
        self.found[kind] = self.found.get(kind, 0) + ok
        if not ok:
            self.misses.setdefault(kind, []).append(text)

    def rates(self) -> dict[str, float]:
        return {k: round(self.found[k] / self.total[k], 4) for k in sorted(self.total)}


def _covered(spans: Iterable[Any], start: int, end: int, types: set[str]) -> bool:
    return any(s.entity_type in types and s.start <= start and s.end >= end for s in spans)


def _cases(values: Iterable[str], templates: Iterable[str]) -> Iterable[tuple[str, int, int]]:
    for value in values:
        for template in templates:
            text = template.format(value)
            start = text.index(value)
            yield text, start, start + len(value)


def recall(analyze: Callable[[str], list[Any]]) -> Tally:
    """Recall per entity type on every positive vector."""
    tally = Tally()
    groups: list[tuple[str, set[str], Iterable[tuple[str, int, int]]]] = [
        ("IBAN", {"IBAN"}, _cases(v.lines(v.STDNUM_IBAN) + v.lines(v.PRESIDIO_IBAN), v.TEMPLATES)),
        ("BANK_CARD", {"BANK_CARD"},
         _cases(v.lines(v.PRESIDIO_CARDS) + v.lines(v.PUBLIC_TEST_CARDS), CARD_TEMPLATES)),
        ("CN_RESIDENT_ID", {"CN_RESIDENT_ID"}, _cases(v.lines(v.STDNUM_CN_RIC), v.TEMPLATES)),
        ("CN_USCC", {"CN_USCC"}, _cases(v.lines(v.STDNUM_CN_USCC), v.TEMPLATES)),
        ("US_SSN", {"US_SSN"}, _cases(v.lines(v.SSN_VALID), v.TEMPLATES)),
        ("US_SSN", {"US_SSN"},
         _cases(v.lines(v.SSN_VALID_UNDASHED) + v.lines(v.SSN_VALID), SSN_CONTEXT_TEMPLATES)),
        ("MAC", {"MAC"}, _cases(v.lines(v.MACS), v.TEMPLATES)),
        ("PHONE", {"PHONE", "CN_MOBILE"}, _cases(v.phone_vectors(), v.TEMPLATES)),
        ("DATE_OF_BIRTH", {"DATE_OF_BIRTH"}, _cases(DOB_VALUES, DOB_CONTEXT_TEMPLATES)),
    ]  # fmt: skip
    for kind, types, cases in groups:
        for text, start, end in cases:
            tally.add(kind, _covered(analyze(text), start, end, types), text)
    for text, value in v.PRESIDIO_IP:
        start = text.index(value)
        kind = "IPV6" if ":" in value else "IPV4"
        tally.add(kind, _covered(analyze(text), start, start + len(value), {"IPV4", "IPV6"}), text)
    for text, value in v.EMAILS:
        start = text.index(value)
        tally.add("EMAIL", _covered(analyze(text), start, start + len(value), {"EMAIL"}), text)
    return tally


def false_alarms(analyze: Callable[[str], list[Any]]) -> Tally:
    """Share of negative vectors that produce a span (``found`` counts the false alarms).

    Negatives: invalid numbers of each type, and valid identifiers of other countries
    (Turkish and Greek identity numbers, French SIRET) that none of Fulcrum's types fits.
    """
    tally = Tally()
    groups = [
        ("IBAN_INVALID", v.lines(v.STDNUM_IBAN_INVALID) + v.lines(v.PRESIDIO_IBAN_INVALID)),
        ("CARD_INVALID", v.lines(v.PRESIDIO_CARDS_INVALID)),
        ("SSN_INVALID", v.lines(v.SSN_INVALID)),
        ("NOT_IP", v.PRESIDIO_NOT_IP),
        ("NOT_EMAIL", v.NOT_EMAIL),
        ("TR_TCKIMLIK", v.words(v.STDNUM_TR_TCKIMLIK)),
        ("GR_AMKA", v.words(v.STDNUM_GR_AMKA)),
        ("FR_SIRET", v.lines(v.STDNUM_FR_SIRET)),
    ]
    for kind, values in groups:
        for text, start, end in _cases(values, v.TEMPLATES):
            hit = any(s.start < end and s.end > start for s in analyze(text))
            tally.add(kind, not hit, text)
    return tally
