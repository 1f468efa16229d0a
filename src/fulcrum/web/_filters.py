"""Jinja filters: localised dates and numbers, readable labels for stored codes."""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from fulcrum.web._i18n import CHINESE_TITLES, Translator

#: Stored codes whose English label is not just the code with spaces.
LABELS: dict[str, str] = {
    # kinds of evidence records
    "fairness": "Group fairness",
    "biometrics.verification": "Face verification",
    "biometrics.verification.embeddings": "Face verification (embeddings)",
    "biometrics.identification": "Face identification (1:N)",
    "biometrics.pad": "Presentation attack detection",
    "privacy.scan": "Personal-data scan",
    "privacy.risk": "Re-identification risk",
    "genai": "Generative-AI safety",
    "genai.bank": "Safety test bank",
    "labels": "AIGC labels",
    "robustness": "Robustness",
    "explain": "Explainability",
    "in_review": "In review",
    "rereview_due": "Re-review due",
    "expert_rereview": "Expert re-review",
    "approved_with_conditions": "Approved with conditions",
    "changes_requested": "Changes requested",
    "not_applicable": "Not applicable",
    "vice_chair": "Vice-chair",
    "yes_no": "Yes / no",
    "exactMatch": "exact match",
    "closeMatch": "close match",
    "broadMatch": "broader",
    "narrowMatch": "narrower",
    "relatedMatch": "related",
    "not_reviewed": "Not reviewed",
    "user.created": "User created",
    "user.role_changed": "Role changed",
    "user.deactivated": "User deactivated",
    "auth.login": "Signed in",
    "auth.login_failed": "Sign-in failed",
    "token.issued": "Token issued",
    "token.revoked": "Token revoked",
    "committee.created": "Committee created",
    "committee.member_added": "Member seated",
    "committee.member_removed": "Member removed",
    "case.opened": "Case opened",
    "case.transition": "State changed",
    "case.procedure_changed": "Procedure changed",
    "case.answered": "Question answered",
    "case.evidence_linked": "Evidence attached",
    "case.recused": "Member recused",
    "case.rereview_opened": "Re-review opened",
    "vote.cast": "Vote cast",
    "decision.recorded": "Decision recorded",
    "decision.expert_rereview": "Expert re-review opinion",
    "condition.added": "Condition added",
    "condition.fulfilled": "Condition fulfilled",
    "system.incident": "Incident recorded",
    "system.registered": "System registered",
}


#: Stored codes the pages show through ``label`` that no Python vocabulary lists here.
EXTRA_CODES: tuple[str, ...] = (
    *("prohibited", "high", "limited", "minimal", "not_applicable", "medium", "low", "critical"),
    *("general", "simplified", "emergency", "ethics", "safety", "products"),
    *("technical", "law", "file", "record", "decision", "condition", "approval_expired"),
    *("active", "expired", "revoked", "covered", "partial", "none", "yes", "no"),
    *("law", "regulation", "standard", "guideline", "code_of_ethics", "framework"),
    *("provisions", "requirements", "controls", "principles", "rules"),
    *("provision", "requirement", "control", "principle", "rule"),
    *("yes_no", "text", "choice", "document", "obligation", "control_objective"),
    "recommendation",
    *("self-declared", "pass", "fail", "inconclusive", "not_evaluated"),
)


def label_codes() -> set[str]:
    """Every stored code the UI may label: workflow vocabularies plus ``EXTRA_CODES``."""
    from fulcrum.auth import ROLES
    from fulcrum.registry import STATUSES
    from fulcrum.review import CHOICES, OUTCOMES, TRANSITIONS

    seats = ("chair", "vice_chair", "member", "secretary")
    return {
        *TRANSITIONS,
        *OUTCOMES,
        *CHOICES,
        *ROLES,
        *STATUSES,
        *seats,
        *EXTRA_CODES,
        *LABELS,
        "not_reviewed",
    }


def english_label(code: Any) -> str:
    """The English label of a stored code (``in_review`` -> ``In review``)."""
    text = str(code)
    if text in LABELS:
        return LABELS[text]
    return text.replace("_", " ").capitalize() if text else ""


@pass_context
def label(context: Context, code: Any) -> str:
    """The label of a stored code in the page's language."""
    if code is None or code == "":
        return "-"
    translator: Translator = context["t"]
    return translator.gettext(english_label(code))


@pass_context
def date(context: Context, value: Any) -> str:
    """A localised date."""
    return context["t"].date(value)  # type: ignore[no-any-return]


@pass_context
def datetime(context: Context, value: Any) -> str:
    """A localised date and time."""
    return context["t"].datetime(value)  # type: ignore[no-any-return]


@pass_context
def number(context: Context, value: Any) -> str:
    """A localised number."""
    return context["t"].number(value)  # type: ignore[no-any-return]


@pass_context
def provenance(context: Context, value: Any) -> str:
    """Where evidence comes from: self-declared, or signed by a registered signer."""
    translator: Translator = context["t"]
    text = str(value or "")
    if text.startswith("signed:"):
        return translator.gettext("signed by %(who)s") % {"who": text.split(":", 1)[1]}
    return translator.gettext(english_label(text)) if text else "-"


def short(value: Any, n: int = 12) -> str:
    """The first ``n`` characters of a hash."""
    return str(value or "")[:n]


def chinese_title(framework_id: str) -> str:
    """The official Chinese title of a Chinese instrument, or ''."""
    return CHINESE_TITLES.get(framework_id.split(":", 1)[0], "")


def as_json(value: Any) -> str:
    """Compact, readable JSON of a payload."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def install(env: Environment) -> None:
    """Register the filters on ``env``."""
    env.filters.update(
        label=label,
        date=date,
        datetime=datetime,
        number=number,
        short=short,
        provenance=provenance,
        chinese_title=chinese_title,
        as_json=as_json,
    )
