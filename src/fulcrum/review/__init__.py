"""The ethics-review workflow: committees, cases, procedures, votes, decisions, re-review.

Services in the shape of AMT's: repositories come in through the constructor,
each operation checks the acting user's permission first, moves the case through
the explicit transition table (``TRANSITIONS``) and appends an audit event in
the same unit of work. Committee composition, procedures (general, simplified,
emergency, expert re-review) and routing to the Ethics, Safety and Products
committees are data in ``review/policies/default.yaml``, after the Measures for
S&T Ethics Review (2023). Deadlines and overdue items are computed, not stored.
"""

from fulcrum.review._answers import AnswerLine, AnswerService, parse_answers, render_answers
from fulcrum.review._cases import CaseService
from fulcrum.review._committees import CommitteeService, CommitteeView
from fulcrum.review._decisions import CHOICES, DecisionService, NewCondition
from fulcrum.review._impact import ImpactService
from fulcrum.review._lifecycle import OUTCOMES, TRANSITIONS, allowed_actions, next_state
from fulcrum.review._policy import ReviewPolicy, composition_problems, default_policy, load_policy
from fulcrum.review._questionnaire import QuestionItem, build_questionnaire, group
from fulcrum.review._rereview import RereviewService, rereview_listener
from fulcrum.review._status import StatusService

__all__ = [
    "CHOICES",
    "OUTCOMES",
    "TRANSITIONS",
    "AnswerLine",
    "AnswerService",
    "CaseService",
    "CommitteeService",
    "CommitteeView",
    "DecisionService",
    "ImpactService",
    "NewCondition",
    "QuestionItem",
    "RereviewService",
    "ReviewPolicy",
    "StatusService",
    "allowed_actions",
    "build_questionnaire",
    "composition_problems",
    "default_policy",
    "group",
    "load_policy",
    "next_state",
    "parse_answers",
    "render_answers",
    "rereview_listener",
]
