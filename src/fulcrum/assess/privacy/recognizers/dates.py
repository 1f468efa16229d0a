"""Dates of birth: a date written near words such as *born*, *DOB* or 出生."""

from __future__ import annotations

import datetime as _dt
import re

from fulcrum.assess.privacy._checksums import valid_date
from fulcrum.assess.privacy._recognizer import Recognizer, numeric_boundary_ok, register

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_SPLIT = re.compile(r"[-/.年月日, ]+")
_MONTH_RE = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-zA-Z]{0,6}\.?"
_SEP = r"[-/.]"


def _year(text: str) -> int:
    """A 4-digit year, or a 2-digit one read as the latest past year it can be."""
    year = int(text)
    if len(text) == 2:
        this = _dt.date.today().year
        year += 2000 if 2000 + year <= this else 1900
    return year


@register
class DateOfBirthRecognizer(Recognizer):
    """A valid past date preceded by a birth context word (Chinese and Western formats)."""

    entity_type = "DATE_OF_BIRTH"
    first_chars = "0-9A-Za-z"
    pattern = (
        rf"(?:19|20)\d{{2}}(?:{_SEP}\d{{1,2}}{_SEP}\d{{1,2}}|年\d{{1,2}}月\d{{1,2}}[日号]?)"
        r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
        rf"|\d{{1,2}}{_SEP}\d{{1,2}}{_SEP}(?:(?:19|20)\d{{2}}|\d{{2}})"
        rf"|\d{{1,2}}[ -]{_MONTH_RE}[ -](?:(?:19|20)\d{{2}}|\d{{2}})"
        rf"|{_MONTH_RE} \d{{1,2}}(?:st|nd|rd|th)?,? (?:19|20)\d{{2}}"
    )
    base_score = 0.6
    specificity = 40
    requires_context = True
    context = ("birth", "born", "dob", "d.o.b", "出生", "生日", "生于", "birthday", "né", "nee",
               "geboren", "fecha de nacimiento")  # fmt: skip
    context_window = 30
    explanation = "a real past date written just after a birth keyword (DOB, born, 出生)"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        return numeric_boundary_ok(text, start, end, glue=".:/-")

    def validate(self, candidate: str) -> bool:
        parts = [p for p in _SPLIT.split(candidate) if p]
        try:
            if len(parts) == 1 and len(parts[0]) == 8:
                y, m, d = int(parts[0][:4]), int(parts[0][4:6]), int(parts[0][6:])
            elif len(parts[0]) == 4:
                y, m, d = int(parts[0]), int(parts[1]), int(parts[2])
            elif parts[0].isdigit() and parts[1].isdigit():
                # day-first unless that is impossible (month-first US style)
                d, m, y = int(parts[0]), int(parts[1]), _year(parts[2])
                if m > 12:
                    d, m = m, d
            elif parts[0].isdigit():
                d, m, y = int(parts[0]), _MONTHS[parts[1][:3].lower()], _year(parts[2])
            else:
                day = parts[1].rstrip("stndrh")
                m, d, y = _MONTHS[parts[0][:3].lower()], int(day), int(parts[2])
        except (KeyError, ValueError, IndexError):
            return False
        return valid_date(y, m, d)
