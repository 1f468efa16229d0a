"""The case lifecycle as an explicit transition table; anything else is refused."""

from __future__ import annotations

from typing import Literal

from fulcrum.errors import WorkflowError

State = Literal[
    "draft",
    "submitted",
    "screening",
    "in_review",
    "decided",
    "expert_rereview",
    "monitoring",
    "rereview_due",
    "closed",
    "withdrawn",
]
Outcome = Literal["approved", "approved_with_conditions", "changes_requested", "rejected"]
OUTCOMES: tuple[Outcome, ...] = (
    "approved",
    "approved_with_conditions",
    "changes_requested",
    "rejected",
)
APPROVALS: frozenset[str] = frozenset({"approved", "approved_with_conditions"})

#: state -> {action: next state}. The only moves a case can make.
TRANSITIONS: dict[str, dict[str, str]] = {
    "draft": {"submit": "submitted", "withdraw": "withdrawn"},
    "submitted": {"screen": "screening", "withdraw": "withdrawn"},
    "screening": {"start": "in_review", "return": "draft", "withdraw": "withdrawn"},
    "in_review": {"decide": "decided", "withdraw": "withdrawn"},
    "decided": {
        "refer_to_experts": "expert_rereview",
        "monitor": "monitoring",
        "revise": "draft",
        "close": "closed",
    },
    "expert_rereview": {"confirm": "monitoring", "refuse": "closed", "withdraw": "withdrawn"},
    "monitoring": {"rereview": "rereview_due", "close": "closed"},
    "rereview_due": {"close": "closed"},
    "closed": {},
    "withdrawn": {},
}

#: States in which a case is still open (withdrawal allowed, counts as pending work).
OPEN_STATES: frozenset[str] = frozenset(
    s for s, moves in TRANSITIONS.items() if "withdraw" in moves
)
FINAL_STATES: frozenset[str] = frozenset(s for s, moves in TRANSITIONS.items() if not moves)


def allowed_actions(state: str) -> list[str]:
    """Actions allowed from ``state``, sorted."""
    return sorted(TRANSITIONS.get(state, {}))


def next_state(state: str, action: str) -> str:
    """The state reached by ``action`` from ``state``; WorkflowError names the allowed moves."""
    if state not in TRANSITIONS:
        raise WorkflowError(f"unknown case state {state!r}")
    moves = TRANSITIONS[state]
    if action not in moves:
        allowed = ", ".join(f"{a} -> {moves[a]}" for a in sorted(moves)) or "none (final state)"
        raise WorkflowError(f"cannot {action} a case in state {state!r}; allowed: {allowed}")
    return moves[action]
