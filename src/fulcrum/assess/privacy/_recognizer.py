"""The recognizer interface, the span it produces, and the registry that collects them.

A recognizer finds one entity type. A *pattern* recognizer gives a regular
expression for candidates and a validator that confirms them (a check digit, a
date, a lookup); the analyzer combines every pattern into one compiled scan and
validates only the candidates. A recognizer that is not a regex (a segmenter,
a wrapped Presidio recognizer) overrides ``analyze`` instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar, NamedTuple

#: Characters that may not touch an identifier on either side.
ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
#: What ``validate`` returns for a candidate that holds only with a context word nearby.
NEEDS_CONTEXT = "needs context"
#: Separates table cells in one scanned text: context never crosses it.
CELL_SEP = "\x00"


def numeric_boundary_ok(text: str, start: int, end: int, *, glue: str = ".:") -> bool:
    """Whether a number stands alone: no letter or digit on either side, and not the tail
    or head of a longer number (``9.15574552361``, ``1:24.3.4.1``, ``3.4560000000000004``)."""
    if start > 0:
        before = text[start - 1]
        if before in ALNUM:
            return False
        if before in glue and start > 1 and text[start - 2].isdigit():
            return False
    if end < len(text):
        after = text[end]
        if after in ALNUM:
            return False
        if after in glue and end + 1 < len(text) and text[end + 1].isdigit():
            return False
    return True


class Span(NamedTuple):
    """One entity found in a text; field names follow Presidio's ``RecognizerResult``.

    ``start`` and ``end`` are character offsets into the decoded text.
    """

    entity_type: str
    start: int
    end: int
    score: float
    text: str = ""
    recognizer: str = ""
    explanation: str = ""

    @property
    def type(self) -> str:
        """Alias of ``entity_type``."""
        return self.entity_type

    def to_dict(self) -> dict[str, Any]:
        """JSON form used by the CLI (``type``, ``start``, ``end``, ``text``, ``score``)."""
        return {
            "type": self.entity_type,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 4),
            "recognizer": self.recognizer,
        }


class Recognizer:
    """Base class of every recognizer: one entity type, a score, context words, a why.

    Subclasses set the class attributes; pattern recognizers set ``pattern`` and
    may override ``validate``; others override ``analyze``.
    """

    #: Entity type reported, e.g. ``CN_RESIDENT_ID``.
    entity_type: ClassVar[str] = ""
    #: Regular expression for candidates (RE2-compatible: no look-around, no backrefs,
    #: no capturing groups).
    pattern: ClassVar[str | None] = None
    #: The characters a match can start with, as the inside of a regex character class
    #: (``"0-9+"``). When every pattern recognizer gives it, the analyzer only tries the
    #: combined pattern where such a character starts a word; ``None`` means any.
    first_chars: ClassVar[str | None] = None
    #: Confidence of a validated match before context is taken into account.
    base_score: ClassVar[float] = 0.5
    #: Higher wins when two spans overlap (a checksum beats a bare shape).
    specificity: ClassVar[int] = 50
    #: Words that, found shortly before a match, raise its score.
    context: ClassVar[tuple[str, ...]] = ()
    #: Words that, found shortly before a match, reject it (``order no.``, ``version``).
    negative_context: ClassVar[tuple[str, ...]] = ()
    #: If true, a match without a context word is dropped.
    requires_context: ClassVar[bool] = False
    #: Raise of the score when a context word is present.
    context_boost: ClassVar[float] = 0.35
    #: Characters before a match searched for context words.
    context_window: ClassVar[int] = 24
    #: Whether this recognizer runs by default (a slow or model-based one may not).
    default_enabled: ClassVar[bool] = True
    #: Why a match counts, shown in reports.
    explanation: ClassVar[str] = ""
    #: Language the recognizer is meant for (Presidio's ``supported_language``).
    language: ClassVar[str] = "any"

    @property
    def name(self) -> str:
        """Recognizer name (the class name)."""
        return type(self).__name__

    def validate(self, candidate: str) -> bool | float | str:
        """Confirm a candidate: ``False`` rejects, ``True`` keeps it, a float sets its score,
        ``NEEDS_CONTEXT`` keeps it only when a context word is near."""
        return True

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        """Reject a candidate glued to letters or digits (part of a longer token)."""
        if start > 0 and text[start - 1] in ALNUM:
            return False
        return not (end < len(text) and text[end] in ALNUM)

    def configure(self, **options: Any) -> None:
        """Set the options this recognizer knows (e.g. ``regions``); others are ignored."""
        for key, value in options.items():
            if value is not None and hasattr(type(self), key):
                setattr(self, key, value)

    def analyze(self, text: str) -> list[Span]:
        """Find entities in ``text`` without the combined scan (used by non-regex recognizers)."""
        if self.pattern is None:
            return []
        found = []
        for match in re.finditer(self.pattern, text):
            span = self.confirm(text, match.start(), match.end())
            if span is not None:
                found.append(span)
        return found

    def confirm(self, text: str, start: int, end: int, header: str = "") -> Span | None:
        """Turn a regex candidate into a scored span, or ``None`` when it does not hold.

        ``header`` is extra context that precedes the text (a table's column name).
        """
        if not self.boundary_ok(text, start, end):
            return None
        if self.requires_context and not self.has_context(text, start, header):
            return None  # cheaper than validating first
        candidate = text[start:end]
        verdict = self.validate(candidate)
        if verdict is False:
            return None
        score = self.base_score if isinstance(verdict, bool | str) else float(verdict)
        boosted = self.has_context(text, start, header)
        if boosted is None:
            return None
        if boosted:
            score = min(1.0, score + self.context_boost)
        elif self.requires_context or verdict == NEEDS_CONTEXT:
            return None
        return Span(self.entity_type, start, end, score, candidate, self.name, self.explanation)

    def has_context(self, text: str, start: int, header: str = "") -> bool | None:
        """``True`` if a context word precedes ``start`` (or is in ``header``), ``None`` if a
        negative word does; the window never reaches into a previous table cell."""
        if not (self.context or self.negative_context):
            return False
        lo = max(0, start - self.context_window)
        cell = text.rfind(CELL_SEP, lo, start)
        if cell >= 0:
            lo = cell + 1
        negative, positive = _context_patterns(type(self))  # type: ignore[arg-type]
        if negative is not None and (negative.search(text, lo, start) or negative.search(header)):
            return None
        return positive is not None and bool(
            positive.search(text, lo, start) or positive.search(header)
        )


def context_regex(words: tuple[str, ...] | list[str]) -> re.Pattern[str] | None:
    """Case-insensitive alternation of context words.

    A word that starts with a Latin letter must start a word ("v." is not in "tv.15"),
    and a short one must end one too ("nee" is not in "needed", "ip" not in "ship").
    """
    if not words:
        return None
    alternatives = [
        ("(?<![A-Za-z])" if w[:1].isascii() and w[:1].isalpha() else "")
        + re.escape(w)
        + ("(?![A-Za-z])" if len(w) <= 3 and w[-1:].isascii() and w[-1:].isalpha() else "")
        for w in words
    ]
    return re.compile("|".join(alternatives), re.IGNORECASE)


@cache
def _context_patterns(
    cls: Any,
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """Case-insensitive alternations of a recognizer's negative and positive context words."""

    return context_regex(cls.negative_context), context_regex(cls.context)


@dataclass
class RecognizerRegistry:
    """The set of recognizers an analyzer uses; a new recognizer is a new registered class."""

    classes: dict[str, type[Recognizer]] = field(default_factory=dict)

    def register(self, cls: type[Recognizer]) -> type[Recognizer]:
        """Add a recognizer class (usable as a decorator)."""
        self.classes[cls.__name__] = cls
        return cls

    def entity_types(self) -> list[str]:
        """Every entity type some registered recognizer finds."""
        return sorted({cls.entity_type for cls in self.classes.values()})

    def build(
        self,
        entities: Iterable[str] | None = None,
        *,
        include: Callable[[type[Recognizer]], bool] | None = None,
    ) -> list[Recognizer]:
        """Instantiate recognizers for ``entities`` (default: every default-enabled one)."""
        wanted = set(entities) if entities is not None else None
        out = []
        for cls in self.classes.values():
            if wanted is not None and cls.entity_type not in wanted:
                continue
            if wanted is None and not cls.default_enabled:
                continue
            if include is not None and not include(cls):
                continue
            out.append(cls())
        return out


#: The registry the built-in recognizers (``fulcrum.assess.privacy.recognizers``) join.
registry = RecognizerRegistry()
register = registry.register


def default_registry() -> RecognizerRegistry:
    """The registry with every module of ``fulcrum.assess.privacy.recognizers`` imported."""
    import importlib
    import pkgutil

    from fulcrum.assess.privacy import recognizers

    for info in pkgutil.iter_modules(recognizers.__path__):
        importlib.import_module(f"{recognizers.__name__}.{info.name}")
    return registry
