"""Presidio compatibility: wrap a Presidio recognizer as a Fulcrum one, and back.

Fulcrum's ``Span`` has the attribute names of Presidio's ``RecognizerResult``
(``entity_type``, ``start``, ``end``, ``score``). Presidio is optional and only
imported when a Fulcrum recognizer is exported to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fulcrum.assess.privacy._recognizer import Recognizer, Span
from fulcrum.errors import missing_extra


class PresidioRecognizer(Recognizer):
    """A Presidio ``EntityRecognizer`` (or anything with its ``analyze``) used by Fulcrum."""

    specificity = 45

    def __init__(self, recognizer: Any, entities: Sequence[str] | None = None) -> None:
        self.wrapped = recognizer
        self.entities = list(entities or getattr(recognizer, "supported_entities", []))
        self.entity_type = self.entities[0] if len(self.entities) == 1 else "PRESIDIO"  # type: ignore[misc]

    @property
    def name(self) -> str:
        return f"presidio:{getattr(self.wrapped, 'name', type(self.wrapped).__name__)}"

    def analyze(self, text: str) -> list[Span]:
        results = self.wrapped.analyze(text, self.entities, None)
        return [from_presidio(r, text, recognizer=self.name) for r in results or []]


def from_presidio(result: Any, text: str, *, recognizer: str = "presidio") -> Span:
    """A ``Span`` from a Presidio ``RecognizerResult``-like object."""
    start, end = int(result.start), int(result.end)
    explanation = getattr(result, "analysis_explanation", None)
    return Span(
        result.entity_type,
        start,
        end,
        float(result.score),
        text[start:end],
        recognizer,
        str(getattr(explanation, "textual_explanation", "") or ""),
    )


def to_presidio(span: Span) -> Any:
    """A Presidio ``RecognizerResult`` for a ``Span`` (needs presidio-analyzer)."""
    try:
        from presidio_analyzer import RecognizerResult
    except ModuleNotFoundError as exc:
        raise missing_extra("presidio-analyzer", "presidio") from exc
    return RecognizerResult(span.entity_type, span.start, span.end, span.score)


def as_presidio_recognizer(recognizer: Recognizer, *, language: str = "en") -> Any:
    """A Presidio ``EntityRecognizer`` running a Fulcrum recognizer (needs presidio-analyzer)."""
    try:
        from presidio_analyzer import EntityRecognizer
    except ModuleNotFoundError as exc:
        raise missing_extra("presidio-analyzer", "presidio") from exc

    class _Fulcrum(EntityRecognizer):  # type: ignore[misc]
        def load(self) -> None:
            return None

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
            if entities and recognizer.entity_type not in entities:
                return []
            return [to_presidio(s) for s in recognizer.analyze(text)]

    return _Fulcrum(
        supported_entities=[recognizer.entity_type],
        name=f"fulcrum:{recognizer.name}",
        supported_language=language,
    )
