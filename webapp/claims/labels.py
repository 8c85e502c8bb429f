"""Words for claim states, actions and levels, for pages and the audit trail."""

from flask import Flask

from webapp.claims.models import ClaimState
from webapp.i18n import lazy_gettext as _l

STATE_LABELS = {
    ClaimState.DRAFT: _l("Draft"),
    ClaimState.SUBMITTED: _l("Submitted: waiting for the council"),
    ClaimState.UNDER_REVIEW: _l("Under review"),
    ClaimState.APPROVED: _l("Approved"),
    ClaimState.ACTIVE: _l("Active: the group runs the service"),
    ClaimState.SUSPENDED: _l("Suspended"),
    ClaimState.ENDED: _l("Ended"),
    ClaimState.REVOKED: _l("Revoked"),
    ClaimState.REJECTED: _l("Rejected"),
}
ACTION_LABELS = {
    "submit": _l("Submit the claim"),
    "start_review": _l("Start the review"),
    "approve": _l("Approve"),
    "reject": _l("Reject"),
    "activate": _l("Start the delegation"),
    "suspend": _l("Suspend"),
    "reinstate": _l("Reinstate"),
    "end": _l("End the delegation"),
    "revoke": _l("Revoke"),
}
AUDIT_LABELS = {
    **ACTION_LABELS,
    "drafted": _l("Draft started"),
    "condition_checked": _l("Condition checked"),
    "mandate_override": _l("Mandate overridden"),
    "evidence_uploaded": _l("Document added"),
    "draft_edited": _l("Draft changed"),
    "report_submitted": _l("Monitoring report sent"),
    "registered": _l("Group registered"),
    "invited": _l("Invitation created"),
    "joined": _l("Member joined"),
    "left": _l("Member left"),
    "removed": _l("Member removed"),
    "role_changed": _l("Role changed"),
    "invitations_withdrawn": _l("Invitations withdrawn"),
    "scheduled": _l("Vote scheduled"),
    "codes_issued": _l("Ballot codes issued"),
    "codes_reissued": _l("Unused ballot codes reissued"),
    "register_imported": _l("Household register imported"),
    "rescheduled": _l("Vote changed"),
    "round_cancelled": _l("Vote cancelled"),
    "codes_withdrawn": _l("Unused ballot codes withdrawn"),
    "ballots_beyond_voters": _l("More ballots than the register's voters"),
    "rebates_posted": _l("Rebates posted"),
    "paper_entered": _l("Paper ballot entered"),
    "paper_corrected": _l("Paper ballot corrected"),
    "requested": _l("Instalment requested"),
    "approved": _l("Instalment approved"),
    "rejected": _l("Instalment rejected"),
    "paid": _l("Instalment paid"),
    "cancelled": _l("Instalment cancelled"),
    # An account's (webapp/auth, webapp/staff): "role_changed" is shared with groups.
    "created": _l("Account created"),
    "enabled": _l("Account enabled"),
    "disabled": _l("Account disabled"),
    "sessions_ended": _l("Signed out everywhere"),
    "session_ended": _l("Signed out of one browser"),
    "password_changed": _l("Password changed"),
    "password_reset": _l("Password chosen through an emailed link"),
    "password_rehashed": _l("Password stored with stronger settings"),
    "ballot_linked": _l("Ballot kept in the account"),
    "ballot_unlinked": _l("Ballot taken out of the account"),
    "language_changed": _l("Email language changed"),
}
LEVEL_LABELS = {
    "consult": _l("Consult"),
    "involve": _l("Involve"),
    "collaborate": _l("Collaborate"),
    "delegate": _l("Delegate"),
    "control": _l("Control"),
}


def claim_state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def audit_action_label(action: str) -> str:
    return str(AUDIT_LABELS.get(action, action))


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def level_label(key: str) -> str:
    return str(LEVEL_LABELS.get(key, key))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        claim_state_label=claim_state_label,
        audit_action_label=audit_action_label,
        action_label=action_label,
        level_label=level_label,
    )
