"""Audit event types: one dotted hierarchy, ``<area>.<what happened>``.

auth            user.created, user.role_changed, user.deactivated,
                auth.login, auth.login_failed, token.issued, token.revoked
committee       committee.created, committee.member_added, committee.member_removed
case            case.opened, case.transition, case.procedure_changed, case.answered,
                case.evidence_linked, case.recused, case.rereview_opened
vote            vote.cast
decision        decision.recorded, decision.expert_rereview
condition       condition.added, condition.fulfilled
system          system.registered, system.classified, system.incident, system.impact
obligation      obligation.updated
evidence        evidence.stored, signer.added, signer.revoked
report          report.issued (the rendered document's SHA-256)
state           state.changed (row changes no other event carried), state.baseline
"""

from __future__ import annotations

from typing import Final

USER_CREATED: Final = "user.created"
USER_ROLE_CHANGED: Final = "user.role_changed"
USER_DEACTIVATED: Final = "user.deactivated"
LOGIN: Final = "auth.login"
LOGIN_FAILED: Final = "auth.login_failed"
TOKEN_ISSUED: Final = "token.issued"
TOKEN_REVOKED: Final = "token.revoked"
COMMITTEE_CREATED: Final = "committee.created"
MEMBER_ADDED: Final = "committee.member_added"
MEMBER_REMOVED: Final = "committee.member_removed"
CASE_OPENED: Final = "case.opened"
CASE_TRANSITION: Final = "case.transition"
PROCEDURE_CHANGED: Final = "case.procedure_changed"
ANSWERED: Final = "case.answered"
EVIDENCE_LINKED: Final = "case.evidence_linked"
RECUSED: Final = "case.recused"
REREVIEW_OPENED: Final = "case.rereview_opened"
VOTE_CAST: Final = "vote.cast"
DECISION_RECORDED: Final = "decision.recorded"
EXPERT_REREVIEW: Final = "decision.expert_rereview"
CONDITION_ADDED: Final = "condition.added"
CONDITION_FULFILLED: Final = "condition.fulfilled"
INCIDENT: Final = "system.incident"
SYSTEM_REGISTERED: Final = "system.registered"
SYSTEM_CLASSIFIED: Final = "system.classified"
SYSTEM_IMPACT: Final = "system.impact"
OBLIGATION_UPDATED: Final = "obligation.updated"
EVIDENCE_STORED: Final = "evidence.stored"
SIGNER_ADDED: Final = "signer.added"
SIGNER_REVOKED: Final = "signer.revoked"
REPORT_ISSUED: Final = "report.issued"
PASSWORD_CHANGED: Final = "user.password_changed"
USER_REACTIVATED: Final = "user.reactivated"
STATE_CHANGED: Final = "state.changed"
STATE_BASELINE: Final = "state.baseline"
