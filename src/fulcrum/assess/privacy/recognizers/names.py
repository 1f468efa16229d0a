"""Person names: Chinese (jieba's dictionary, POS tag ``nr``) and Latin-script names
(gender-guesser's offline first-name dictionary and a capitalised surname).

Optional and off by default (``--names``): they need the ``privacy`` extra, are slower
than the pattern scan, and never download a model.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from fulcrum.assess.privacy._recognizer import Recognizer, Span, register
from fulcrum.errors import missing_extra

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def _posseg() -> Any:
    try:
        import jieba
        import jieba.posseg
    except ModuleNotFoundError as exc:
        raise missing_extra("jieba", "privacy") from exc
    jieba.setLogLevel(60)
    return jieba.posseg


@register
class ChineseNameRecognizer(Recognizer):
    """Chinese person names tagged ``nr`` by jieba's dictionary-based segmenter."""

    entity_type = "PERSON"
    base_score = 0.6
    specificity = 30
    default_enabled = False
    language = "zh"
    context = ("姓名", "先生", "女士", "联系人", "患者", "name")
    explanation = "a word jieba's bundled dictionary tags as a person name (nr)"

    def analyze(self, text: str) -> list[Span]:
        posseg = _posseg()
        found = []
        for run in _CJK_RUN.finditer(text):
            offset = run.start()
            for pair in posseg.cut(run.group(), HMM=True):
                word, flag = pair.word, pair.flag
                if flag == "nr" and 2 <= len(word) <= 4:
                    span = self.confirm(text, offset, offset + len(word))
                    if span is not None:
                        found.append(span)
                offset += len(word)
        return found


_LETTER = "A-Za-zÀ-ÖØ-öø-ÿĀ-ſ"
#: Capitalised words (first name, optional middle names or initials, surname; particles
#: such as van, de) not glued to other words.
_WESTERN = re.compile(
    rf"(?<![{_LETTER}0-9.@_-])([A-ZÀ-ÖØ-ÞĀ-Ž][{_LETTER}]{{1,20}})"
    rf"((?: (?:[A-Z]\.?|(?:van|von|de|da|del|der|le|la|di|du|dos|ten|ter) |[A-ZÀ-ÖØ-ÞĀ-Ž]"
    rf"[{_LETTER}'’-]{{1,25}})){{1,3}})(?![{_LETTER}0-9@_-])"
)


#: Words that make two capitalised words a date or a place, not a person.
_NOT_NAMES = frozenset(
    [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "street",
        "st",
        "avenue",
        "ave",
        "road",
        "rd",
        "drive",
        "lane",
        "boulevard",
        "blvd",
        "square",
        "place",
        "court",
        "floor",
        "suite",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "corp",
        "university",
        "foundation",
        "project",
        "team",
    ]
)


@cache
def _first_names() -> tuple[frozenset[str], frozenset[str]]:
    """First names of gender-guesser's offline dictionary, and common English words."""
    try:
        from gender_guesser import detector
    except ModuleNotFoundError as exc:
        raise missing_extra("gender-guesser", "privacy") from exc
    names = frozenset(detector.Detector(case_sensitive=False).names)
    text = resources.files("fulcrum.assess.privacy").joinpath("data/common_english_words.txt")
    common = frozenset(
        line.strip()
        for line in text.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    return names, common


@register
class WesternNameRecognizer(Recognizer):
    """Person names in Latin script: a known first name, then a capitalised surname.

    First names come from gender-guesser's offline dictionary (about 48,000 names of many
    countries); a first name or surname that is also a common English word (Will, May,
    Mark, Page) is not taken for a name. Off by default; no model, no download.
    """

    entity_type = "PERSON"
    base_score = 0.6
    specificity = 30
    default_enabled = False
    language = "en"
    context = ("mr", "mrs", "ms", "dr", "prof", "name", "dear", "contact", "patient",
               "author", "maintainer", "thanks", "signed", "by")  # fmt: skip
    explanation = "a first name of gender-guesser's dictionary followed by a capitalised surname"

    def analyze(self, text: str) -> list[Span]:
        names, common = _first_names()
        found = []
        pos = 0
        while True:
            match = _WESTERN.search(text, pos)
            if match is None:
                break
            first, rest = match.group(1), match.group(2)
            parts = rest.split()
            surname = parts[-1].strip("'’-")
            pos = match.end()
            if first.lower() not in names or first.lower() in common:
                pos = match.start(2) + 1  # "Contact Matthias Klose": try from the next word
                continue
            if any(part.lower().strip(".,") in _NOT_NAMES for part in (first, *parts)):
                continue
            if len(surname) < 2 or surname.lower() in common:
                continue
            start, end = match.start(1), match.start(2) + len(rest.rstrip())
            span = self.confirm(text, start, end)
            if span is not None:
                found.append(span)
        return found
