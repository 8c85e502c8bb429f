"""A refused form on the claim page comes back with its error and what was typed,
never as a bare 400 or a redirect that drops the text."""

from sqlmodel import select

from tests.claims.conftest import claim_for
from webapp.audit.models import AuditEvent
from webapp.claims.models import Claim, ClaimState
from webapp.claims.workflow import IllegalTransition, transition

LONG_REASON = "The insurance certificate does not cover grass cutting. " * 40  # 2,240


def test_a_long_rejection_reason_comes_back_with_the_text(client, auth, db_session, setting):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    transition(session=db_session, claim=claim, action="submit", actor=lead)
    auth.login(officer.email)
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert 'id="reason-reject" rows="3" maxlength="2000"' in page

    response = client.post(f"/claims/{claim.id}/actions/reject", data={"reason": LONG_REASON})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The reason is too long: keep it to 2,000 characters." in page
    assert LONG_REASON.strip()[:200] in page  # in the reject box, to shorten
    assert claim.state == ClaimState.SUBMITTED


def test_a_long_override_reason_comes_back_with_the_text(client, auth, db_session, setting):
    _, _, _, officer = setting
    claim = claim_for(db_session, setting, level="control")  # the vote supports delegate
    auth.login(officer.email)
    response = client.post(f"/claims/{claim.id}/override", data={"reason": LONG_REASON})
    assert response.status_code == 422
    assert 'id="override-reason-error"' in response.get_data(as_text=True)
    assert claim.mandate_override_reason is None


def test_an_unknown_action_is_not_found(client, auth, db_session, setting):
    _, _, _, officer = setting
    claim = claim_for(db_session, setting)
    auth.login(officer.email)
    assert client.post(f"/claims/{claim.id}/actions/explode", data={}).status_code == 404


def test_a_refused_draft_edit_keeps_what_the_secretary_typed(client, auth, db_session, setting):
    _, _, lead, _ = setting
    claim = claim_for(db_session, setting)
    auth.login(lead.email)
    typed = "Mow the green every fortnight.\r\n" * 180  # 5,580 characters as typed
    response = client.post(
        f"/claims/{claim.id}/edit", data={"delivery": typed, "start_date": "2027-04-01"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This answer is too long: keep it to 5,000 characters." in page
    assert page.count("Mow the green every fortnight.") == 180  # all of it, to shorten
    db_session.refresh(claim)
    assert claim.delivery == "Mowing every fortnight."


def test_line_breaks_count_once_as_the_browser_counted_them(client, auth, db_session, setting):
    """A browser stops a textarea at 5,000 characters counting each line break once,
    then sends it as CR LF: 5,120 characters arrive and must still fit."""
    _, _, lead, _ = setting
    claim = claim_for(db_session, setting)
    auth.login(lead.email)
    typed = "Mow the green every fortnight.\r\n" * 160
    assert len(typed.replace("\r\n", "\n")) <= 5000 < len(typed)
    response = client.post(
        f"/claims/{claim.id}/edit", data={"delivery": typed, "start_date": "2027-04-01"}
    )
    assert response.status_code == 302
    db_session.refresh(claim)
    assert claim.delivery == typed.replace("\r\n", "\n").strip()  # every word kept


def test_a_refusal_part_way_through_an_action_undoes_all_of_it(
    client, auth, db_session, setting, monkeypatch
):
    """The page answers a refusal with a redirect, which commits the request: a refusal
    raised after the claim has moved (here by the ledger's part) must take the move
    and its history entry back with it."""
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    transition(session=db_session, claim=claim, action="submit", actor=lead)

    def refuse(**_details):
        raise IllegalTransition()

    monkeypatch.setattr("webapp.ledger.lifecycle.on_claim_changed", refuse)
    auth.login(officer.email)
    response = client.post(f"/claims/{claim.id}/actions/start_review", data={"reason": ""})
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(Claim, claim.id).state == ClaimState.SUBMITTED
    reviews = select(AuditEvent).where(AuditEvent.action == "start_review")
    assert db_session.exec(reviews).all() == []
