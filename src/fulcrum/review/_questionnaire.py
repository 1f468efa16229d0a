"""The questionnaire: process-check questions of the obligations that apply, grouped."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fulcrum.catalog import Catalog, framework_of
from fulcrum.errors import InputError


@dataclass(frozen=True)
class QuestionItem:
    """One question of a case's questionnaire; ``key`` is ``requirement/question``."""

    key: str
    requirement: str
    framework: str
    principles: tuple[str, ...]
    text: str
    required: bool
    answer: str
    choices: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return dict(self.__dict__)


def build_questionnaire(classification: dict[str, Any], catalog: Catalog) -> list[QuestionItem]:
    """Questions of every obligation in ``classification``, sorted by principle and framework."""
    items: list[QuestionItem] = []
    for obligation in classification.get("obligations", []):
        requirement = catalog.requirements.get(obligation["id"])
        if requirement is None:
            continue
        for question in requirement.evidence.questions:
            items.append(
                QuestionItem(
                    key=f"{requirement.id}/{question.id}",
                    requirement=requirement.id,
                    framework=framework_of(requirement.id),
                    principles=tuple(requirement.principles),
                    text=question.text,
                    required=question.required,
                    answer=question.answer,
                    choices=tuple(question.choices),
                )
            )
    return sorted(items, key=lambda q: (q.principles[:1] or ("~",), q.framework, q.key))


def group(items: list[QuestionItem]) -> dict[str, dict[str, list[QuestionItem]]]:
    """principle -> framework -> questions ('(no principle)' when none is linked)."""
    out: dict[str, dict[str, list[QuestionItem]]] = {}
    for item in items:
        for principle in item.principles or ("(no principle)",):
            out.setdefault(principle, {}).setdefault(item.framework, []).append(item)
    return out


def check_answer(item: QuestionItem, value: str, evidence_ids: list[int]) -> str:
    """The normalised answer; InputError says what was expected."""
    value = value.strip()
    if item.answer == "yes_no":
        if value.lower() not in {"yes", "no"}:
            raise InputError(f"question {item.key}: answer 'yes' or 'no', got {value!r}")
        return value.lower()
    if item.answer == "choice":
        if value not in item.choices:
            raise InputError(
                f"question {item.key}: answer one of {', '.join(item.choices)}, got {value!r}"
            )
        return value
    if item.answer == "document" and not evidence_ids:
        raise InputError(f"question {item.key}: cite an attached document with --evidence ID")
    if not value and item.answer == "text":
        raise InputError(f"question {item.key}: the answer is empty")
    return value
