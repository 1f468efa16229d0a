"""Dates of birth: a date written near words such as *born*, *DOB* or 出生."""

from __future__ import annotations

import re

from fulcrum.assess.privacy._checksums import valid_date
from fulcrum.assess.privacy._recognizer import Recognizer, register

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_SPLIT = re.compile(r"[-/.年月日, ]+")
_MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"


@register
class DateOfBirthRecognizer(Recognizer):
    """A valid past date preceded by a birth context word."""

    entity_type = "DATE_OF_BIRTH"
    pattern = (
        r"(?:19|20)\d{2}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日?)"
        r"|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}"
        rf"|\d{{1,2}} {_MONTH_RE} (?:19|20)\d{{2}}|{_MONTH_RE} \d{{1,2}},? (?:19|20)\d{{2}}"
    )
    base_score = 0.6
    specificity = 40
    requires_context = True
    context = ("birth", "born", "dob", "d.o.b", "出生", "生日", "生于")
    context_window = 30
    explanation = "a real past date written just after a birth keyword (DOB, born, 出生)"

    def validate(self, candidate: str) -> bool:
        parts = [p for p in _SPLIT.split(candidate) if p]
        try:
            if len(parts[0]) == 4:
                y, m, d = int(parts[0]), int(parts[1]), int(parts[2])
            elif parts[0].isdigit() and parts[1].isdigit():
                # day-first unless that is impossible (month-first US style)
                d, m, y = int(parts[0]), int(parts[1]), int(parts[2])
                if m > 12:
                    d, m = m, d
            elif parts[0].isdigit():
                d, m, y = int(parts[0]), _MONTHS[parts[1][:3].lower()], int(parts[2])
            else:
                m, d, y = _MONTHS[parts[0][:3].lower()], int(parts[1]), int(parts[2])
        except (KeyError, ValueError, IndexError):
            return False
        return valid_date(y, m, d)
