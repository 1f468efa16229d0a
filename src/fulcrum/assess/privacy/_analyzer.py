"""The analyzer: one combined regex scan, validation of candidates, overlap resolution."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from fulcrum.assess.privacy._anchors import AnchoredScanner
from fulcrum.assess.privacy._recognizer import Recognizer, Span, default_registry
from fulcrum.errors import InputError, missing_extra

RegexEngine = Literal["re", "re2", "auto"]

#: Every built-in pattern's match contains a digit, ``@``, ``://`` or ``www.`` (or is a
#: letters-only MAC/IPv6, found through ``:``-runs of hex); the combined scan runs only in
#: windows around such triggers, found at C speed.
_TRIGGER = re.compile(r"[0-9@][!-~]*")
_LITERAL_TRIGGERS = ("://", "www.", "::")
#: Letters-only MAC addresses (``AA:BB:CC:DD:EE:FF``) carry no digit: found by their separators.
_HEX_PAIRS = re.compile(r"[:-][A-Fa-f]{2}[:-][A-Fa-f]{2}[:-]")
_ALNUM_RUN = re.compile(r"[0-9A-Za-z]*")
_TOKEN = frozenset(chr(c) for c in range(33, 127))
#: Characters scanned before and after a trigger run (month names, plate prefixes, 日).
_BEFORE, _AFTER = 10, 6
#: Farthest a window start is moved left to reach the start of an ASCII token.
_TOKEN_LOOKBACK = 254


def trigger_windows(text: str) -> list[tuple[int, int]]:
    """Merged ``[start, end)`` windows of ``text`` that can hold a pattern match."""
    starts: list[int] = []
    ends: list[int] = []
    n = len(text)
    for match in _TRIGGER.finditer(text):
        start = match.start()
        floor = max(0, start - _TOKEN_LOOKBACK)
        while start > floor and text[start - 1] in _TOKEN:
            start -= 1
        start = max(0, start - _BEFORE)
        end = min(n, match.end() + _AFTER)
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    extra = [(max(0, m.start() - 20), min(n, m.end() + 20)) for m in _HEX_PAIRS.finditer(text)]
    for literal in _LITERAL_TRIGGERS:
        pos = text.find(literal)
        while pos >= 0:
            start = pos
            floor = max(0, pos - _TOKEN_LOOKBACK)
            while start > floor and text[start - 1] in _TOKEN:
                start -= 1
            extra.append((max(0, start - _BEFORE), min(n, pos + 256)))
            pos = text.find(literal, pos + len(literal))
    if not extra:
        return list(zip(starts, ends, strict=True))
    merged: list[tuple[int, int]] = []
    for start, end in sorted([*zip(starts, ends, strict=True), *extra]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _compile(pattern: str, engine: RegexEngine) -> tuple[Any, str]:
    if engine in ("re2", "auto"):
        try:
            import re2  # type: ignore[import-not-found]

            options = re2.Options()
            options.max_mem = 256 << 20
            return re2.compile(pattern, options), "re2"
        except ModuleNotFoundError as exc:
            if engine == "re2":
                raise missing_extra("google-re2", "re2") from exc
    return re.compile(pattern), "re"


def resolve_overlaps(spans: Iterable[Span], priority: dict[str, int] | None = None) -> list[Span]:
    """Keep the best of overlapping spans: higher specificity, then score, then length."""
    priority = priority or {}
    ranked = sorted(
        spans,
        key=lambda s: (-priority.get(s.entity_type, 0), -s.score, -(s.end - s.start), s.start),
    )
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Span] = []
    for span in ranked:
        i = bisect.bisect_right(starts, span.start)
        if i > 0 and ends[i - 1] > span.start:
            continue
        if i < len(starts) and starts[i] < span.end:
            continue
        starts.insert(i, span.start)
        ends.insert(i, span.end)
        kept.insert(i, span)
    return kept


class Analyzer:
    """Find entities in text with a set of recognizers.

    Parameters
    ----------
    entities : sequence of str, optional
        Entity types to look for; by default every recognizer enabled by default.
    recognizers : sequence of Recognizer, optional
        Use exactly these recognizers (e.g. a Presidio adapter) instead of the registry.
    min_score : float
        Spans scoring below this are dropped.
    regex : {"re", "re2", "auto"}
        Regex engine for the combined scan; ``auto`` uses google-re2 when installed.
    prefilter : bool
        Run the combined scan only in windows around digits, ``@``, ``:`` and ``www.``
        (every built-in pattern needs one); turn off for custom recognizers that do not.
    regions : sequence of str, optional
        ISO 3166 regions whose national phone formats are accepted for numbers written
        without ``+`` (default ``CN, US, GB``); international numbers are always checked.

    Examples
    --------
    >>> spans = Analyzer().analyze("身份证 11010519491231002X, mail a@b.cn")
    >>> [s.entity_type for s in spans]
    ['CN_RESIDENT_ID', 'EMAIL']
    """

    def __init__(
        self,
        entities: Sequence[str] | None = None,
        *,
        recognizers: Sequence[Recognizer] | None = None,
        min_score: float = 0.0,
        regex: RegexEngine = "re",
        prefilter: bool = True,
        regions: Sequence[str] | None = None,
    ) -> None:
        registry = default_registry()
        if entities is not None:
            unknown = sorted(set(entities) - set(registry.entity_types()))
            if unknown and recognizers is None:
                raise InputError(
                    f"unknown entity type {', '.join(unknown)}; "
                    f"known types are {', '.join(registry.entity_types())}"
                )
        if not 0.0 <= min_score <= 1.0:
            raise InputError(f"min_score must be in [0, 1], got {min_score}")
        chosen = list(recognizers) if recognizers is not None else registry.build(entities)
        chosen.sort(key=lambda r: -r.specificity)
        if regions is not None:
            regions = _check_regions(regions)
            for recognizer in chosen:
                recognizer.configure(regions=regions)
        self.regions = regions
        self.recognizers = chosen
        self.min_score = min_score
        self.prefilter = prefilter
        self.priority = {r.entity_type: r.specificity for r in chosen}
        self._patterned = [r for r in chosen if r.pattern is not None]
        self._others = [r for r in chosen if r.pattern is None]
        self._single = [re.compile(r.pattern or "") for r in self._patterned]
        combined = "|".join(f"({r.pattern})" for r in self._patterned)
        self._scan: Any
        self._scan, self.regex_engine = _compile(combined, regex) if combined else (None, "re")
        # Recognizers that all say what their matches start with can be scanned from
        # anchors (see _anchors): the combined pattern runs only where one can start.
        firsts = [r.first_chars for r in self._patterned]
        self._anchored = self.regex_engine == "re" and bool(firsts) and all(firsts)
        # Recognizers that need a context word (dates of birth, passports) are left out of
        # the scan of a text that holds none of their words anywhere: most text has none.
        gated = [r for r in self._patterned if r.requires_context and r.context]
        self._full = AnchoredScanner(self._patterned) if self._anchored else None
        self._ungated = (
            AnchoredScanner([r for r in self._patterned if r not in gated])
            if self._anchored and gated
            else None
        )
        words = sorted({w for r in gated for w in r.context})
        self._gate_words = tuple(w.lower() for w in words)

    @property
    def entity_types(self) -> list[str]:
        """Entity types this analyzer reports."""
        return sorted({r.entity_type for r in self.recognizers})

    def _scan_patterns(self, text: str, header: str) -> list[Span]:
        if self._scan is None:
            return []
        spans: list[Span] = []
        if self._full is not None:  # the anchors are a finer filter than the windows
            scanner = self._full
            if self._ungated is not None and not (
                mentions(text, self._gate_words) or mentions(header, self._gate_words)
            ):
                scanner = self._ungated
            return scanner.scan(text, header)
        elif self.prefilter:
            for start, end in trigger_windows(text):
                self._scan_window(text, start, end, spans, header)
        else:
            self._scan_window(text, 0, len(text), spans, header)
        return spans

    def _scan_window(self, text: str, pos: int, stop: int, spans: list[Span], header: str) -> None:
        patterned = self._patterned
        single = self._single
        if spans and spans[-1].end > pos:
            pos = spans[-1].end
        if self.regex_engine == "re2":
            # google-re2 re-encodes its whole input per call: give it only the window
            offset, chunk = pos, text[pos:stop]
            search = self._scan.search
            rel = 0
        else:
            offset, chunk, rel = 0, text, pos
            search = self._scan.search
        end_rel = stop - offset
        skip = _ALNUM_RUN.match
        while rel < end_rel:
            match = search(chunk, rel, end_rel)
            if match is None:
                break
            start = match.start() + offset
            index = match.lastindex - 1
            span = patterned[index].confirm(text, start, match.end() + offset, header)
            j = index + 1
            while span is None and j < len(patterned):
                alt = single[j].match(text, start, stop)
                if alt:
                    span = patterned[j].confirm(text, start, alt.end(), header)
                j += 1
            if span is None:
                # every recognizer rejects a start glued to a letter or digit: skip the run
                run = skip(text, start + 1)
                rel = max(run.end() if run else 0, start + 1) - offset
            else:
                spans.append(span)
                rel = span.end - offset

    def analyze(self, text: str, *, header: str = "") -> list[Span]:
        """Entities in ``text``, non-overlapping and ordered by start offset.

        Parameters
        ----------
        text : str
            Decoded text; offsets in the result are character offsets into it.
        header : str
            Context that precedes the text without being part of it, such as a table's
            column name: its words count as context words for every match.

        Returns
        -------
        list of Span
        """
        spans = self._scan_patterns(text, header)
        for recognizer in self._others:
            spans.extend(recognizer.analyze(text))
        if self.min_score > 0:
            spans = [s for s in spans if s.score >= self.min_score]
        if self._others:
            return resolve_overlaps(spans, self.priority)
        return spans


def _check_regions(regions: Sequence[str]) -> tuple[str, ...]:
    """Upper-cased region codes, each one libphonenumber knows."""
    import phonenumbers

    out = tuple(r.strip().upper() for r in regions if r.strip())
    unknown = [r for r in out if r not in phonenumbers.SUPPORTED_REGIONS]
    if unknown or not out:
        raise InputError(
            f"unknown phone region {', '.join(unknown) or '(none given)'}; use ISO 3166 "
            "two-letter codes such as CN, US, GB, DE"
        )
    return out


def mentions(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of the lower-case context ``words`` as a word would be
    matched by a recognizer's context (found with ``str.find``, at C speed)."""
    if not text:
        return False
    lowered = text.lower()
    for word in words:
        latin_start = word[:1].isascii() and word[:1].isalpha()
        latin_end = len(word) <= 3 and word[-1:].isascii() and word[-1:].isalpha()
        at = lowered.find(word)
        while at >= 0:
            before = lowered[at - 1] if at else " "
            after = lowered[at + len(word) : at + len(word) + 1] or " "
            if not (latin_start and before.isascii() and before.isalpha()) and not (
                latin_end and after.isascii() and after.isalpha()
            ):
                return True
            at = lowered.find(word, at + 1)
    return False
