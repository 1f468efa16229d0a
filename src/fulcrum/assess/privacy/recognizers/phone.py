"""International telephone numbers, validated with Google's libphonenumber."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import ClassVar

from fulcrum.assess.privacy._recognizer import ALNUM, Recognizer, Span, register

#: Regions tried for numbers written without an international prefix (``--regions``).
DEFAULT_REGIONS: tuple[str, ...] = ("CN", "US", "GB")
_SEPARATORS = re.compile(r"[.-]")


@register
class PhoneRecognizer(Recognizer):
    """Telephone number valid for its country (``phonenumbers``).

    A number with ``+`` or ``00`` is checked against its own country; one written in
    national form only against ``regions`` (default ``CN, US, GB``), with the grouping
    libphonenumber expects there (``123-456-7890`` is no British number).
    """

    entity_type = "PHONE"
    first_chars = "+(0-9"
    pattern = (
        r"(?:\+|00)[1-9][0-9 ().-]{5,22}[0-9]"
        r"|\(\d{2,4}\)[ .-]?\d{3,4}[ .-]?\d{4}|\d{3}[.-]\d{3}[.-]\d{4}"
        r"|0\d{1,4}[ -]\d{2,8}(?:[ -]\d{2,4}){0,2}"
    )
    base_score = 0.7
    specificity = 50
    context = ("phone", "telephone", "tel", "call", "mobile", "fax", "电话", "手机", "传真", "联系")
    negative_context = ("order", "invoice", "tracking", "订单", "单号", "clause", "dfars",
                        "far ", "section", "isbn", "issn", "doi")  # fmt: skip
    explanation = "a number libphonenumber parses as valid for its country, grouped as there"
    regions: ClassVar[tuple[str, ...]] = DEFAULT_REGIONS

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        if start > 0 and (text[start - 1] in ALNUM or text[start - 1] in "+-.:/_"):
            return False
        if end < len(text) and (text[end] in ALNUM or text[end] in "-+/_"):
            return False
        return not (end + 1 < len(text) and text[end] in ".:" and text[end + 1].isdigit())

    def confirm(self, text: str, start: int, end: int, header: str = "") -> Span | None:
        if start > 0 and (text[start - 1] in ALNUM or text[start - 1] in "+-.:/_"):
            return None
        candidate = text[start:end]
        international = candidate[0] == "+" or candidate.startswith("00")
        if not international and (
            _digit_group_before(text, start) or len(set(_SEPARATORS.findall(candidate))) > 1
        ):
            return None  # one group of a longer number, or mixed separators (252.227-7013)
        found = _parse(candidate, international, self.regions)
        if found is None:
            return None
        stop = start + found
        if not self.boundary_ok(text, start, stop):
            return None
        if not international and _digit_group_after(text, stop):
            return None
        number = text[start:stop]
        if len(set(_SEPARATORS.findall(number))) > 1:
            return None
        boosted = self.has_context(text, start, header)
        if boosted is None:
            return None
        score = self.base_score if international else self.base_score - 0.2
        if boosted:
            score = min(1.0, score + self.context_boost)
        return Span(self.entity_type, start, stop, score, number, self.name, self.explanation)


@lru_cache(maxsize=8192)
def _parse(candidate: str, international: bool, regions: tuple[str, ...]) -> int | None:
    """Length of the valid number at the start of ``candidate``, or ``None``."""
    import phonenumbers
    from phonenumbers import Leniency, PhoneNumberMatcher

    digits = sum(c.isdigit() for c in candidate)
    if not 7 <= digits <= (17 if international else 13):
        return None
    text = "+" + candidate[2:] if candidate.startswith("00") else candidate
    shift = len(candidate) - len(text)
    for region in ("ZZ",) if international else regions:
        for match in PhoneNumberMatcher(text, region, leniency=Leniency.VALID):
            if match.start != 0:
                break
            if international or phonenumbers.is_valid_number_for_region(match.number, region):
                return match.end + shift
            break
    return None


def _digit_group_before(text: str, start: int) -> bool:
    return start > 1 and text[start - 1] == " " and text[start - 2].isdigit()


def _digit_group_after(text: str, end: int) -> bool:
    return end + 1 < len(text) and text[end] == " " and text[end + 1].isdigit()
