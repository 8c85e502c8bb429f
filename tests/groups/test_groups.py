import re
from datetime import timedelta

import pytest
from sqlmodel import select

from tests.factories import (
    add_member,
    create_area,
    create_council,
    create_group,
    create_officer,
    create_user,
)
from webapp.auth.models import Role
from webapp.db import utcnow
from webapp.groups.models import Invitation, MemberRole, Membership
from webapp.groups.services import (
    AlreadyMember,
    InvalidCharityNumber,
    InvalidCompanyNumber,
    InvitationExpired,
    InvitationInvalid,
    InvitationUsed,
    InvitationWithdrawn,
    LastLead,
    accept_invitation,
    change_role,
    invite,
    membership,
    remove_member,
)


def test_registering_makes_the_founder_lead(db_session):
    lead = create_user(db_session)
    group = create_group(db_session, lead=lead, charity_number="1187654", company_number="sc123456")
    member = db_session.exec(select(Membership).where(Membership.group_id == group.id)).one()
    assert (member.user_id, member.role) == (lead.id, "lead")
    assert lead.role == Role.GROUP_MEMBER
    assert group.company_number == "SC123456"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("charity_number", "12", InvalidCharityNumber),
        ("company_number", "ABC", InvalidCompanyNumber),
    ],
)
def test_identifiers_are_checked(db_session, field, value, error):
    with pytest.raises(error):
        create_group(db_session, **{field: value})


def test_an_invitation_works_once(db_session):
    group = create_group(db_session)
    lead = db_session.get(
        type(create_user(db_session)), db_session.exec(select(Membership.user_id)).first()
    )
    token = invite(session=db_session, group=group, role=MemberRole.TREASURER, by=lead)
    treasurer = create_user(db_session)
    accept_invitation(session=db_session, token=token, user=treasurer)
    role = db_session.exec(
        select(Membership.role).where(
            Membership.group_id == group.id, Membership.user_id == treasurer.id
        )
    ).one()
    assert role == "treasurer"
    with pytest.raises(InvitationUsed):
        accept_invitation(session=db_session, token=token, user=create_user(db_session))
    stored = db_session.exec(select(Invitation.token_hash)).all()
    assert token not in stored


def test_expired_and_unknown_invitations_are_refused(db_session):
    lead = create_user(db_session)
    group = create_group(db_session, lead=lead)
    token = invite(session=db_session, group=group, role=MemberRole.MEMBER, by=lead)
    invitation = db_session.exec(select(Invitation).where(Invitation.group_id == group.id)).one()
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    with pytest.raises(InvitationExpired):
        accept_invitation(session=db_session, token=token, user=create_user(db_session))
    with pytest.raises(InvitationInvalid):
        accept_invitation(session=db_session, token="nonsense", user=create_user(db_session))


def test_a_removed_leads_invitations_stop_working(db_session):
    ousted, other_lead = create_user(db_session), create_user(db_session)
    group = create_group(db_session, lead=ousted)
    add_member(db_session, group, "lead", user=other_lead)
    token = invite(session=db_session, group=group, role=MemberRole.LEAD, by=ousted)
    remove_member(session=db_session, group=group, user_id=ousted.id, by=other_lead)
    with pytest.raises(InvitationWithdrawn):  # they cannot let themselves back in as lead
        accept_invitation(session=db_session, token=token, user=ousted)
    assert membership(db_session, group.id, ousted.id) is None
    invitation = db_session.exec(select(Invitation).where(Invitation.group_id == group.id)).one()
    assert invitation.used_at is not None and invitation.used_by_id is None


def test_a_demoted_leads_invitations_stop_working(db_session):
    demoted, other_lead = create_user(db_session), create_user(db_session)
    group = create_group(db_session, lead=demoted)
    add_member(db_session, group, "lead", user=other_lead)
    token = invite(session=db_session, group=group, role=MemberRole.LEAD, by=demoted)
    change_role(
        session=db_session, group=group, user_id=demoted.id, role=MemberRole.MEMBER, by=other_lead
    )
    with pytest.raises(InvitationWithdrawn):
        accept_invitation(session=db_session, token=token, user=create_user(db_session))


def test_an_invitation_from_someone_no_longer_lead_is_refused_even_if_still_open(db_session):
    demoted, other_lead = create_user(db_session), create_user(db_session)
    group = create_group(db_session, lead=demoted)
    add_member(db_session, group, "lead", user=other_lead)
    token = invite(session=db_session, group=group, role=MemberRole.MEMBER, by=demoted)
    # Demoted before this release, when a lead's invitations stayed open with their role:
    membership(db_session, group.id, demoted.id).role = MemberRole.MEMBER
    with pytest.raises(InvitationWithdrawn):
        accept_invitation(session=db_session, token=token, user=create_user(db_session))


def test_a_member_cannot_join_twice(db_session):
    lead = create_user(db_session)
    group = create_group(db_session, lead=lead)
    token = invite(session=db_session, group=group, role=MemberRole.MEMBER, by=lead)
    with pytest.raises(AlreadyMember):
        accept_invitation(session=db_session, token=token, user=lead)


def test_the_last_lead_stays(db_session):
    lead = create_user(db_session)
    group = create_group(db_session, lead=lead)
    member = add_member(db_session, group)
    with pytest.raises(LastLead):
        remove_member(session=db_session, group=group, user_id=lead.id, by=lead)
    with pytest.raises(LastLead):
        change_role(
            session=db_session, group=group, user_id=lead.id, role=MemberRole.MEMBER, by=lead
        )
    change_role(session=db_session, group=group, user_id=member.id, role=MemberRole.LEAD, by=lead)
    remove_member(
        session=db_session, group=group, user_id=lead.id, by=lead
    )  # now another lead exists
    with pytest.raises(LastLead):
        remove_member(session=db_session, group=group, user_id=member.id, by=member)


def test_register_a_group_page(client, auth, db_session):
    council = create_council(db_session, name="Testshire Council")
    user = create_user(db_session)
    auth.login(user.email)
    form = {
        "name": "Hill Top TRA",
        "kind": "residents_association",
        "council": council.id,
        "contact_email": "tra@example.org",
        "charity_number": "",
        "company_number": "",
    }
    bad = client.post("/groups/new", data={**form, "charity_number": "x"})
    assert bad.status_code == 422
    assert "not a charity number" in bad.get_data(as_text=True)
    response = client.post("/groups/new", data=form)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Hill Top TRA" in page and "Group registered" in page


@pytest.mark.parametrize("lang", ["en", "cy", "pl", "ar"])
@pytest.mark.parametrize(("field", "other"), [("charity", "company"), ("company", "charity")])
def test_a_bad_number_is_shown_on_its_own_field_in_every_language(
    client, auth, db_session, lang, field, other
):
    council = create_council(db_session)
    auth.login(create_user(db_session).email)
    client.get(f"/groups/new?lang={lang}")
    response = client.post(
        "/groups/new",
        data={
            "name": "Hill Top TRA",
            "kind": "residents_association",
            "council": council.id,
            "contact_email": "tra@example.org",
            f"{field}_number": "12",
            f"{other}_number": "",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'<html lang="{lang}' in page
    assert f'id="{field}_number-error"' in page
    assert f'id="{other}_number-error"' not in page


@pytest.mark.parametrize("lang", ["ur", "bn", "so", "pa"])
def test_group_form_errors_are_never_wtforms_english(client, auth, db_session, lang):
    auth.login(create_user(db_session).email)
    client.get(f"/groups/new?lang={lang}")
    response = client.post(
        "/groups/new",
        data={
            "name": "x" * 201,
            "kind": "",
            "council": "",
            "contact_email": "not an email",
            "charity_number": "1" * 21,
            "contact_phone": "1" * 41,
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'<html lang="{lang}"' in page
    for english in ("Field must be", "This field is required", "Invalid email", "Not a valid"):
        assert english not in page


def test_invitation_link_flow(client, auth, db_session):
    lead = create_user(db_session)
    group = create_group(db_session, lead=lead)
    auth.login(lead.email)
    page = client.post(f"/groups/{group.id}/invitations", data={"role": "treasurer"}).get_data(
        as_text=True
    )
    link = re.search(r'<code id="invitation-link">([^<]+)</code>', page).group(1)
    path = link.split("localhost", 1)[1]
    auth.logout()
    treasurer = create_user(db_session)
    auth.login(treasurer.email)
    assert "as Treasurer" in client.get(path).get_data(as_text=True)
    assert client.post(path).status_code == 302
    again = client.post(path)
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)


def test_group_pages_are_for_members_and_their_councils_officers(client, auth, db_session):
    council = create_council(db_session)
    area = create_area(db_session, council=council)
    group = create_group(db_session, council=council)
    url = f"/groups/{group.id}"
    assert client.get(url).status_code == 302  # sign in first
    auth.login(create_user(db_session).email)
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login(create_officer(db_session, area).email)
    assert client.get(url).status_code == 200
    assert client.post(f"{url}/invitations", data={"role": "member"}).status_code == 403
    auth.logout()
    auth.login(create_user(db_session, role=Role.OFFICER).email)  # another council
    assert client.get(url).status_code == 404


def test_only_leads_invite_and_remove(client, auth, db_session):
    group = create_group(db_session)
    member = add_member(db_session, group)
    other = add_member(db_session, group)
    auth.login(member.email)
    assert (
        client.post(f"/groups/{group.id}/invitations", data={"role": "member"}).status_code == 403
    )
    assert client.post(f"/groups/{group.id}/members/{other.id}/remove").status_code == 403
    assert (
        client.post(f"/groups/{group.id}/members/{member.id}/remove").status_code == 302
    )  # leaving
    assert (
        db_session.exec(select(Membership).where(Membership.user_id == member.id)).first() is None
    )
