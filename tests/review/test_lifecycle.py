"""The transition table: every legal move works, every other move is refused by name."""

from __future__ import annotations

import pytest

from fulcrum.errors import WorkflowError
from fulcrum.review._lifecycle import (
    FINAL_STATES,
    OPEN_STATES,
    TRANSITIONS,
    allowed_actions,
    next_state,
)

ACTIONS = sorted({a for moves in TRANSITIONS.values() for a in moves})


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        ("draft", "submit", "submitted"),
        ("submitted", "screen", "screening"),
        ("screening", "start", "in_review"),
        ("screening", "return", "draft"),
        ("in_review", "decide", "decided"),
        ("decided", "refer_to_experts", "expert_rereview"),
        ("decided", "monitor", "monitoring"),
        ("decided", "revise", "draft"),
        ("decided", "close", "closed"),
        ("expert_rereview", "confirm", "monitoring"),
        ("monitoring", "rereview", "rereview_due"),
        ("rereview_due", "close", "closed"),
        ("in_review", "withdraw", "withdrawn"),
    ],
)
def test_legal_moves(state: str, action: str, expected: str) -> None:
    assert next_state(state, action) == expected


@pytest.mark.parametrize("state", sorted(TRANSITIONS))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_other_move_is_refused_naming_state_and_moves(state: str, action: str) -> None:
    if action in TRANSITIONS[state]:
        return
    with pytest.raises(WorkflowError) as info:
        next_state(state, action)
    message = str(info.value)
    assert repr(state) in message
    for allowed in allowed_actions(state):
        assert allowed in message


def test_open_and_final_states() -> None:
    assert {"draft", "submitted", "screening", "in_review", "expert_rereview"} == OPEN_STATES
    assert {"closed", "withdrawn"} == FINAL_STATES
    with pytest.raises(WorkflowError, match="none"):
        next_state("closed", "x")


def test_every_target_is_a_known_state() -> None:
    for moves in TRANSITIONS.values():
        assert set(moves.values()) <= set(TRANSITIONS)
