"""Anchored scanning: try the combined pattern only where an identifier can start.

Every built-in identifier holds a digit, an ``@``, a ``:`` before hex or ``/``, a
``-`` between hex pairs, or starts with ``+``, ``(`` or ``www.``. Those anchor
characters are found at C speed (the anchor pattern starts with a character class,
which Python's regex engine skips to directly); from each anchor the scan backs off to
where the identifier may start (the start of its token, a two-letter IBAN country code
or a month name just before, a province character before a plate, the local part of an
e-mail) and tries the combined pattern there. Plain decimals (``12.251119613647461``),
times and log timestamps, and later groups of a number are skipped whole.
"""

from __future__ import annotations

import re

from fulcrum.assess.privacy._recognizer import ALNUM, Recognizer, Span

ANCHOR = re.compile(
    r"[0-9+(@:\-](?:"
    # a digit: the first of its run, not a later group of a number (2026-12-02, 6.109248),
    # not a plain decimal or a short number alone in a field (CSV, TSV, logs)
    r"(?<=[0-9])(?<![0-9][0-9])(?<![0-9][.:/-][0-9])"
    r"(?![0-9]*\.[0-9]+(?:[eE][-+]?[0-9]+)?(?:[,;\t\n\r\x00]|$))"
    r"(?!(?<=[,;\t\n\r\x00][0-9])[0-9]{0,5}(?:[,;\t\n\r\x00]|$))"
    r"(?!(?<=[ \t][0-9])[0-9]{0,5} "
    r"(?![0-9A-Z]|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)))"
    r"|(?<=[+(@])|(?<=:)(?=[0-9A-Fa-f:/])|(?<=-)(?=[0-9A-Fa-f]{2}-))"
)
_DECIMAL = re.compile(r"\d+\.\d+(?:[eE][-+]?\d+)?(?![\d.:/-])")
#: A time of day, with an ISO date before it and a zone after it when present (log lines);
#: not when more colon groups follow (a MAC address of digits).
_TIMESTAMP = re.compile(
    r"(?:\d{4}-\d\d-\d\d[T ])?\d\d?:\d\d(?::\d\d)?(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?"
    r"(?![\w.]|:[0-9A-Fa-f])"
)
_ALNUM_RUN = re.compile(r"[0-9A-Za-z]*")
_EMAIL_LOCAL = ALNUM | frozenset("._%+-")
#: Characters after a short number that may continue an identifier (groups, dates, times).
_CONTINUES = frozenset(" -./:()+年月日号")
_MONTHS = frozenset(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
)
#: Farthest an anchor backs off to the start of its token.
_BACK = 40


def candidate_starts(text: str, p: int) -> tuple[list[int], int]:
    """Where an identifier holding the anchor at ``p`` may start, and where to resume
    when none does (the end of the anchor's token, or of a skipped decimal)."""
    c = text[p]
    if c == "@":
        t = p
        while t > 0 and p - t < 64 and text[t - 1] in _EMAIL_LOCAL:
            t -= 1
        return ([t] if t < p else []), p + 1
    t = p
    while t > 0 and p - t < _BACK and text[t - 1] in ALNUM:
        t -= 1
    resume = _ALNUM_RUN.match(text, p + 1).end() if c in ALNUM else p + 1  # type: ignore[union-attr]
    if t == p and c.isdigit():
        if p > 1 and text[p - 1] in ".:-/" and text[p - 2].isdigit():
            return [], resume  # a later group of a number, date or time (12:08, 2026-12-02)
        decimal = _DECIMAL.match(text, p) or _TIMESTAMP.match(text, p)
        if decimal is not None:
            return [], decimal.end()
    starts: list[int] = []
    if t > 0 and text[t - 1] in _EMAIL_LOCAL and text.find("@", p, p + 64) >= 0:
        e = t
        while e > 0 and t - e < 64 and text[e - 1] in _EMAIL_LOCAL:
            e -= 1
        if e < t and (e == 0 or text[e - 1] not in ALNUM):
            starts.append(e)  # an e-mail's local part: jan.87@example.com
    if t > 1 and text[t - 1] == " " and text[t - 2].isalpha():
        w = t - 1
        while w > 0 and t - 1 - w < 9 and text[w - 1].isascii() and text[w - 1].isalpha():
            w -= 1
        if t - 1 - w >= 2 and (w == 0 or text[w - 1] not in ALNUM):
            starts.append(w)  # "ES 58 0049 ...", "May 21, 1985"
    if (
        not starts
        and t == p
        and resume - p < 7
        and not _continues(text, resume)
        and text[p:resume].isdigit()
    ):
        return [], resume  # a short number on its own (a count, a CSV field)
    if t > 0 and text[t - 1] >= "\u4e00":
        starts.append(t - 1)  # a licence plate's province character
    if t == 0 or text[t - 1] not in ALNUM:
        starts.append(t)
    return starts, resume


def _continues(text: str, end: int) -> bool:
    """Whether a short number ending at ``end`` may go on as an identifier: a separator,
    or a space before a digit group or a month name (4111 1111, 21 May 1985)."""
    if end >= len(text) or text[end] not in _CONTINUES:
        return False
    if text[end] != " ":
        return True
    return end + 1 < len(text) and (
        text[end + 1].isdigit() or text[end + 1 : end + 4].lower() in _MONTHS
    )


def www_starts(text: str) -> list[int]:
    """Starts of ``www.`` not glued to a preceding letter or digit."""
    out = []
    pos = text.find("www.")
    while pos >= 0:
        if pos == 0 or text[pos - 1] not in ALNUM:
            out.append(pos)
        pos = text.find("www.", pos + 4)
    return out


class AnchoredScanner:
    """The combined pattern of some recognizers, tried only at anchors (see the module)."""

    def __init__(self, recognizers: list[Recognizer]) -> None:
        self.patterned = recognizers
        self.single = [re.compile(r.pattern or "") for r in recognizers]
        combined = "|".join(f"({r.pattern})" for r in recognizers)
        self.combined = re.compile(combined) if recognizers else None
        self.by_first: dict[str, list[int]] = {}

    def scan(self, text: str, header: str = "") -> list[Span]:
        """Non-overlapping spans in ``text`` ordered by start."""
        spans: list[Span] = []
        if self.combined is None:
            return spans
        pos, last, stop = 0, -1, len(text)
        find = ANCHOR.search
        while pos < stop:
            anchor = find(text, pos)
            if anchor is None:
                break
            starts, resume = candidate_starts(text, anchor.start())
            span = None
            for start in starts:
                if start > last and start >= pos:
                    last = start
                    span = self.attempt(text, start, stop, header)
                    if span is not None:
                        break
            if span is None:
                pos = max(resume, anchor.start() + 1)
            else:
                spans.append(span)
                pos = span.end
        for start in www_starts(text):
            if not any(s.start <= start < s.end for s in spans):
                span = self.attempt(text, start, stop, header)
                if span is not None:
                    spans.append(span)
                    spans.sort(key=lambda s: s.start)
        return spans

    def attempt(self, text: str, start: int, stop: int, header: str) -> Span | None:
        """The span of the first recognizer (by specificity) confirming a match at ``start``."""
        match = self.combined.match(text, start, stop)  # type: ignore[union-attr]
        if match is None:
            return None
        index = match.lastindex - 1  # type: ignore[operator]
        span = self.patterned[index].confirm(text, start, match.end(), header)
        if span is None:
            for j in self.starting_with(text[start]):
                if j > index:
                    alt = self.single[j].match(text, start, stop)
                    if alt:
                        span = self.patterned[j].confirm(text, start, alt.end(), header)
                        if span is not None:
                            break
        return span

    def starting_with(self, char: str) -> list[int]:
        """Indexes of the recognizers whose matches can start with ``char``."""
        found = self.by_first.get(char)
        if found is None:
            found = [
                i for i, r in enumerate(self.patterned) if re.fullmatch(f"[{r.first_chars}]", char)
            ]
            self.by_first[char] = found
        return found
