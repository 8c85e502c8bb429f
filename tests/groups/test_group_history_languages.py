"""A group's history read in Polish or Arabic: roles by their names in that language
and members by their names, never a raw role key or account id."""

import pytest

from tests.factories import add_member, create_group, create_user
from webapp.groups.models import MemberRole
from webapp.groups.services import change_role, invite, remove_member


@pytest.mark.parametrize(
    ("language", "invited", "treasurer", "removed"),
    [
        ("pl", "Utworzono zaproszenie", "Skarbnik", "Usunięto członka"),
        ("ar", "إنشاء دعوة", "أمين الصندوق", "إزالة عضو"),
    ],
)
def test_roles_and_members_read_by_name_in_the_readers_language(
    client, auth, db_session, language, invited, treasurer, removed
):
    lead = create_user(db_session, name="Ada Lovelace")
    group = create_group(db_session, lead=lead)
    stays = add_member(db_session, group, user=create_user(db_session, name="Grace Hopper"))
    leaves = add_member(db_session, group, user=create_user(db_session, name="Alan Turing"))
    invite(session=db_session, group=group, role=MemberRole.TREASURER, by=lead)
    change_role(
        session=db_session, group=group, user_id=stays.id, role=MemberRole.TREASURER, by=lead
    )
    remove_member(session=db_session, group=group, user_id=leaves.id, by=lead)
    auth.login(lead.email)
    page = client.get(f"/groups/{group.id}?lang={language}").get_data(as_text=True)
    history = page[page.index('id="history-heading"') :]
    assert invited in history and removed in history
    assert history.count(treasurer) == 2  # the invitation's role, and the new role
    assert "Grace Hopper" in history and "Alan Turing" in history
    # The old raw form was "<member id>:<role key>"; a time such as 02:08 may hold "2:".
    assert "treasurer" not in history and f"{stays.id}:treasurer" not in history
    assert f"<td>{leaves.id}</td>" not in history
