"""A claim's way through its states, and the rules each step checks."""

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from tests.claims.conftest import PDF, TEXTS, approve_ready, claim_for, close_a_vote
from tests.factories import (
    add_member,
    create_area,
    create_council,
    create_group,
    create_menu,
    create_officer,
    create_user,
)
from webapp.areas.models import Council
from webapp.audit.models import AuditEvent
from webapp.auth.models import User
from webapp.claims.evidence import EvidenceTooLarge, EvidenceWrongType, store_evidence
from webapp.claims.models import Claim, ClaimState, Evidence
from webapp.claims.services import NotOnMenu, WrongCouncil, check_condition, draft_claim
from webapp.claims.workflow import (
    ClaimIncomplete,
    ConditionsOutstanding,
    FunctionTaken,
    IllegalTransition,
    MandateLapsed,
    MenuSuperseded,
    NoMandate,
    NotAllowed,
    OwnGroup,
    ReasonRequired,
    override_mandate,
    transition,
)
from webapp.ledger.models import Delegation


def test_a_claim_the_vote_supports_goes_through_every_state(app, db_session, setting):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    approve_ready(db_session, app, claim, lead=lead, officer=officer)
    for action in ("approve", "activate"):
        transition(session=db_session, claim=claim, action=action, actor=officer)
    assert claim.state == ClaimState.ACTIVE
    transition(
        session=db_session, claim=claim, action="suspend", actor=officer, reason="Mowing stopped"
    )
    transition(session=db_session, claim=claim, action="reinstate", actor=officer)
    transition(
        session=db_session, claim=claim, action="revoke", actor=officer, reason="Insurance lapsed"
    )
    trail = db_session.exec(
        select(AuditEvent.action, AuditEvent.from_state, AuditEvent.to_state)
        .where(AuditEvent.object_type == "claim", AuditEvent.object_id == claim.id)
        .order_by(AuditEvent.id)
    ).all()
    assert [t[0] for t in trail] == [
        "drafted",
        "submit",
        "start_review",
        "evidence_uploaded",
        "condition_checked",
        "approve",
        "activate",
        "suspend",
        "reinstate",
        "revoke",
    ]
    assert trail[1][1:] == ("draft", "submitted")
    assert trail[-1][1:] == ("active", "revoked")


def test_the_vote_must_support_the_level(db_session, setting):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting, level="control")
    with pytest.raises(NoMandate):
        transition(session=db_session, claim=claim, action="submit", actor=lead)
    assert claim.state == ClaimState.DRAFT
    override_mandate(session=db_session, claim=claim, actor=officer, reason="Exceptional case")
    transition(session=db_session, claim=claim, action="submit", actor=lead)
    assert claim.state == ClaimState.SUBMITTED


def test_a_newer_vote_against_the_level_stops_approval_until_an_override(app, db_session, setting):
    area, _, lead, officer = setting
    claim = claim_for(db_session, setting, level="delegate")
    approve_ready(db_session, app, claim, lead=lead, officer=officer)  # the vote said delegate
    close_a_vote(app, db_session, area, grass_cutting="consult")  # a newer one says consult
    with pytest.raises(MandateLapsed):
        transition(session=db_session, claim=claim, action="approve", actor=officer)
    assert claim.state == ClaimState.UNDER_REVIEW
    override_mandate(session=db_session, claim=claim, actor=officer, reason="Contract signed")
    transition(session=db_session, claim=claim, action="approve", actor=officer)
    assert claim.state == ClaimState.APPROVED


def test_a_newer_vote_against_the_level_stops_activation_until_an_override(
    app, db_session, setting
):
    area, _, lead, officer = setting
    claim = claim_for(db_session, setting, level="delegate")
    approve_ready(db_session, app, claim, lead=lead, officer=officer)
    transition(session=db_session, claim=claim, action="approve", actor=officer)
    close_a_vote(app, db_session, area, grass_cutting="consult")
    with pytest.raises(MandateLapsed):
        transition(session=db_session, claim=claim, action="activate", actor=officer)
    assert claim.state == ClaimState.APPROVED
    override_mandate(session=db_session, claim=claim, actor=officer, reason="Contract signed")
    transition(session=db_session, claim=claim, action="activate", actor=officer)
    assert claim.state == ClaimState.ACTIVE


def test_a_claim_on_a_superseded_menu_is_neither_submitted_nor_approved(app, db_session, setting):
    area, _, lead, officer = setting
    council = db_session.get(Council, area.council_id)
    draft, ready = claim_for(db_session, setting), claim_for(db_session, setting)
    approve_ready(db_session, app, ready, lead=lead, officer=officer)
    create_menu(db_session, council, cost=1200)  # the council republishes at half the cost
    with pytest.raises(MenuSuperseded):
        transition(session=db_session, claim=draft, action="submit", actor=lead)
    with pytest.raises(MenuSuperseded):  # it would be priced from the old cost
        transition(session=db_session, claim=ready, action="approve", actor=officer)
    assert (draft.state, ready.state) == (ClaimState.DRAFT, ClaimState.UNDER_REVIEW)
    fresh = claim_for(db_session, setting)
    transition(session=db_session, claim=fresh, action="submit", actor=lead)


def test_no_closed_vote_means_no_mandate(db_session):
    council = create_council(db_session)
    area = create_area(db_session, council=council, menu=create_menu(db_session, council))
    lead = create_user(db_session)
    group = create_group(db_session, council=council, lead=lead)
    claim = draft_claim(
        session=db_session,
        group=group,
        area=area,
        function_key="grass-cutting",
        level_key="consult",
        by=lead,
        **TEXTS,
    )
    with pytest.raises(NoMandate):
        transition(session=db_session, claim=claim, action="submit", actor=lead)


def test_override_needs_an_officer_and_a_reason(db_session, setting):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting, level="control")
    with pytest.raises(NotAllowed):
        override_mandate(session=db_session, claim=claim, actor=lead, reason="Please")
    with pytest.raises(ReasonRequired):
        override_mandate(session=db_session, claim=claim, actor=officer, reason="  ")


def test_an_officer_cannot_decide_a_claim_of_their_own_group(app, db_session, setting):
    area, _, _, colleague = setting
    officer = create_officer(db_session, area)
    own_group = create_group(db_session, council=db_session.get(Council, area.council_id))
    add_member(db_session, own_group, "treasurer", user=officer)
    claim = draft_claim(
        session=db_session,
        group=own_group,
        area=area,
        function_key="grass-cutting",
        level_key="delegate",
        by=officer,
        **TEXTS,
    )
    approve_ready(db_session, app, claim, lead=officer, officer=colleague)
    with pytest.raises(OwnGroup):
        transition(session=db_session, claim=claim, action="approve", actor=officer)
    with pytest.raises(OwnGroup):
        override_mandate(session=db_session, claim=claim, actor=officer, reason="Mine")
    evidence_id = db_session.exec(select(Evidence.id).where(Evidence.claim_id == claim.id)).one()
    with pytest.raises(OwnGroup):
        check_condition(
            session=db_session,
            claim=claim,
            condition_key="insurance",
            evidence_id=evidence_id,
            by=officer,
        )
    transition(session=db_session, claim=claim, action="approve", actor=colleague)
    assert claim.state == ClaimState.APPROVED


def test_illegal_transitions_raise(db_session, setting):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    with pytest.raises(IllegalTransition):
        transition(session=db_session, claim=claim, action="approve", actor=officer)
    with pytest.raises(IllegalTransition):
        transition(session=db_session, claim=claim, action="fly", actor=officer)
    with pytest.raises(NotAllowed):
        transition(session=db_session, claim=claim, action="submit", actor=officer)
    transition(session=db_session, claim=claim, action="submit", actor=lead)
    with pytest.raises(NotAllowed):
        transition(session=db_session, claim=claim, action="start_review", actor=lead)


def test_incomplete_claims_cannot_be_submitted(db_session, setting):
    claim = claim_for(db_session, setting, outcomes="  ")
    with pytest.raises(ClaimIncomplete):
        transition(session=db_session, claim=claim, action="submit", actor=setting[2])


def test_rejection_needs_a_reason_which_is_published(client, db_session, setting):
    area, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    transition(session=db_session, claim=claim, action="submit", actor=lead)
    with pytest.raises(ReasonRequired):
        transition(session=db_session, claim=claim, action="reject", actor=officer)
    transition(
        session=db_session,
        claim=claim,
        action="reject",
        actor=officer,
        reason="No safeguarding policy yet",
    )
    page = client.get(f"/areas/{area.slug}").get_data(as_text=True)
    assert "Reason: No safeguarding policy yet" in page


STALE_DECISIONS = {
    "approve": lambda session, claim, officer: transition(
        session=session, claim=claim, action="approve", actor=officer
    ),
    "override": lambda session, claim, officer: override_mandate(
        session=session, claim=claim, actor=officer, reason="Exceptional case"
    ),
    "check a condition": lambda session, claim, officer: check_condition(
        session=session,
        claim=claim,
        condition_key="insurance",
        evidence_id=session.exec(select(Evidence.id)).first(),
        by=officer,
    ),
}


@pytest.mark.parametrize("decision", list(STALE_DECISIONS))
def test_a_decision_read_before_a_colleagues_rejection_is_refused(
    app, db_session, setting, decision
):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    approve_ready(db_session, app, claim, lead=lead, officer=officer)
    # Officer B opens the claim (under review) in another session on the same connection...
    other = Session(bind=db_session.connection(), expire_on_commit=False)
    stale = other.get(Claim, claim.id)
    assert stale.state == ClaimState.UNDER_REVIEW
    # ...officer A rejects it, and then B decides on what they read.
    transition(session=db_session, claim=claim, action="reject", actor=officer, reason="No.")
    with app.test_request_context(), pytest.raises(IllegalTransition):
        STALE_DECISIONS[decision](other, stale, other.get(User, officer.id))
    assert stale.state == ClaimState.REJECTED
    assert other.exec(select(Delegation).where(Delegation.claim_id == claim.id)).first() is None


def test_approval_needs_every_condition_checked_against_evidence(app, db_session, setting):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    transition(session=db_session, claim=claim, action="submit", actor=lead)
    transition(session=db_session, claim=claim, action="start_review", actor=officer)
    with pytest.raises(ConditionsOutstanding):
        transition(session=db_session, claim=claim, action="approve", actor=officer)


def test_one_holder_per_function_in_services_and_database(app, db_session, setting):
    area, group, lead, officer = setting
    claim = claim_for(db_session, setting)
    approve_ready(db_session, app, claim, lead=lead, officer=officer)
    transition(session=db_session, claim=claim, action="approve", actor=officer)
    with pytest.raises(FunctionTaken):
        claim_for(db_session, setting)
    rival = Claim(
        group_id=group.id,
        area_id=area.id,
        menu_version_id=claim.menu_version_id,
        function_key="grass-cutting",
        level_key="consult",
        state=ClaimState.ACTIVE,
    )
    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.add(rival)
        db_session.flush()


def test_claims_must_be_on_the_menu_and_in_the_council(db_session, setting):
    _area, group, lead, _ = setting
    with pytest.raises(NotOnMenu):
        claim_for(db_session, setting, level="involve")  # not offered on the test menu
    elsewhere = create_area(db_session, menu=create_menu(db_session, create_council(db_session)))
    with pytest.raises(WrongCouncil):
        draft_claim(
            session=db_session,
            group=group,
            area=elsewhere,
            function_key="grass-cutting",
            level_key="consult",
            by=lead,
        )


def test_evidence_is_checked_by_content_and_size(app, db_session, setting):
    claim = claim_for(db_session, setting)
    with app.app_context():
        with pytest.raises(EvidenceWrongType):
            store_evidence(
                session=db_session,
                claim=claim,
                data=b"<html>not a pdf</html>",
                filename="insurance.pdf",
                condition_key=None,
                by=setting[2],
            )
        with pytest.raises(EvidenceTooLarge):
            store_evidence(
                session=db_session,
                claim=claim,
                data=PDF + b"0" * (10 * 1024 * 1024),
                filename="big.pdf",
                condition_key=None,
                by=setting[2],
            )
        png = store_evidence(
            session=db_session,
            claim=claim,
            data=b"\x89PNG\r\n\x1a\n" + b"0" * 50,
            filename="../../etc/passwd.png",
            condition_key=None,
            by=setting[2],
        )
    assert png.content_type == "image/png"
    assert png.original_name == "passwd.png"
    assert len(png.stored_name) == 32 and "passwd" not in png.stored_name
