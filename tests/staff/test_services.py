"""The rules of a council admin's changes to staff accounts, in the services."""

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.staff.conftest import PASSWORD, add_newcomer
from webapp.audit.models import AuditEvent
from webapp.auth.models import PasswordReset, Role, SignIn
from webapp.auth.services import authenticate
from webapp.auth.sign_ins import begin_sign_in
from webapp.notifications.services import OUTBOX_KEY
from webapp.staff.services import (
    INVITATION_LIFETIME,
    LastAdmin,
    NotAStaffRole,
    NotCouncilAdmin,
    OwnAccount,
    StaffChange,
    StaffEmailTaken,
    add_staff,
    change_staff_role,
    disable_staff,
    enable_staff,
)


def _events(session, user) -> list[tuple]:
    return list(
        session.exec(
            select(
                AuditEvent.action, AuditEvent.actor_id, AuditEvent.from_state, AuditEvent.to_state
            )
            .where(AuditEvent.object_type == "user", AuditEvent.object_id == user.id)
            .order_by(AuditEvent.id)
        )
    )


def _live_sign_ins(session, user) -> int:
    return len(
        session.exec(
            select(SignIn).where(SignIn.user_id == user.id, SignIn.ended_at.is_(None))
        ).all()
    )


def test_a_new_staff_account_has_no_known_password_and_a_three_day_link(app, db_session, office):
    with app.test_request_context():
        user = add_newcomer(db_session, office, email=" New.Officer@Example.org ")
    assert (user.email, user.name, user.role, user.council_id, user.active) == (
        "new.officer@example.org",
        "New Officer",
        Role.OFFICER,
        office.council.id,
        True,
    )
    assert authenticate(session=db_session, email=user.email, password=PASSWORD) is None
    link = db_session.exec(select(PasswordReset).where(PasswordReset.user_id == user.id)).one()
    assert link.expires_at - link.created_at == INVITATION_LIFETIME == timedelta(days=3)
    [email] = [e for e in db_session.info[OUTBOX_KEY] if e.to == "new.officer@example.org"]
    assert (email.to, email.kind) == ("new.officer@example.org", "staff_account")
    # The role as its key, named when the email is written, in the reader's language.
    assert email.params == {
        "by": "Alex Admin",
        "council": office.council.name,
        "role": {"role": "officer"},
    }
    assert email.url.startswith("/password/reset/")
    assert _events(db_session, user) == [("created", office.admin.id, None, "officer")]


@pytest.mark.parametrize("owner", ["resident", "officer", "other_admin", "second_admin"])
def test_an_address_in_use_is_refused_whoever_has_it(app, db_session, office, owner):
    existing = getattr(office, owner)
    role_before = existing.role
    with app.test_request_context(), pytest.raises(StaffEmailTaken) as refused:
        add_newcomer(db_session, office, email=f"  {existing.email.upper()} ", role="admin")
    assert "already has an account" in str(refused.value.message)
    db_session.refresh(existing)
    assert (existing.role, existing.council_id) == (role_before, getattr(office, owner).council_id)
    assert OUTBOX_KEY not in db_session.info or db_session.info[OUTBOX_KEY] == []


@pytest.mark.parametrize("role", ["resident", "group_member", "superuser", ""])
def test_only_staff_roles_are_given(app, db_session, office, role):
    with app.test_request_context(), pytest.raises(NotAStaffRole):
        add_newcomer(db_session, office, role=role)
    with pytest.raises(NotAStaffRole):
        change_staff_role(session=db_session, user=office.officer, role=role, by=office.admin)
    assert office.officer.role == Role.OFFICER


def test_only_an_admin_of_the_council_adds_its_staff(app, db_session, office):
    for by in (office.officer, office.other_admin):
        with app.test_request_context(), pytest.raises(NotCouncilAdmin):
            add_staff(
                session=db_session,
                council_id=office.council.id,
                email="someone@example.org",
                name="Someone",
                role="admin",
                by=by,
            )


def test_a_role_change_ends_the_accounts_sessions_and_is_audited(db_session, office):
    begin_sign_in(session=db_session, user=office.officer)
    change = change_staff_role(
        session=db_session, user=office.officer, role="finance_approver", by=office.admin
    )
    assert change == StaffChange(changed=True, invited=False)
    assert office.officer.role == Role.FINANCE_APPROVER
    assert _live_sign_ins(db_session, office.officer) == 0
    assert _events(db_session, office.officer)[-2:] == [
        ("role_changed", office.admin.id, "officer", "finance_approver"),
        ("sessions_ended", office.admin.id, None, None),
    ]


def test_giving_the_role_an_account_has_changes_nothing(db_session, office):
    begin_sign_in(session=db_session, user=office.officer)
    before = _events(db_session, office.officer)
    assert not change_staff_role(
        session=db_session, user=office.officer, role="officer", by=office.admin
    ).changed
    assert _live_sign_ins(db_session, office.officer) == 1
    assert _events(db_session, office.officer) == before


def test_disabling_ends_sessions_and_the_unused_link_and_enabling_is_audited(
    app, db_session, office
):
    with app.test_request_context():
        user = add_newcomer(db_session, office)
    begin_sign_in(session=db_session, user=user)
    disable_staff(session=db_session, user=user, by=office.admin)
    assert not user.active and _live_sign_ins(db_session, user) == 0
    assert (
        db_session.exec(select(PasswordReset).where(PasswordReset.user_id == user.id)).all() == []
    )
    with app.test_request_context():
        assert enable_staff(session=db_session, user=user, by=office.admin).invited
    assert user.active
    assert [e[:2] for e in _events(db_session, user)][-2:] == [
        ("disabled", office.admin.id),
        ("enabled", office.admin.id),
    ]


def test_an_admin_changes_neither_their_own_role_nor_their_own_access(db_session, office):
    begin_sign_in(session=db_session, user=office.admin)
    with pytest.raises(OwnAccount):
        change_staff_role(session=db_session, user=office.admin, role="officer", by=office.admin)
    with pytest.raises(OwnAccount):
        disable_staff(session=db_session, user=office.admin, by=office.admin)
    assert (office.admin.role, office.admin.active) == (Role.ADMIN, True)
    assert _live_sign_ins(db_session, office.admin) == 1


def test_the_councils_last_active_admin_stays_one(db_session, office):
    disable_staff(session=db_session, user=office.second_admin, by=office.admin)
    with pytest.raises(LastAdmin):
        change_staff_role(session=db_session, user=office.admin, role="officer", by=office.admin)
    with pytest.raises(LastAdmin):
        disable_staff(session=db_session, user=office.admin, by=office.admin)
    assert (office.admin.role, office.admin.active) == (Role.ADMIN, True)
    # Another council's admins do not count towards this one's.
    assert office.other_admin.active


def test_another_admin_may_be_demoted_or_disabled_while_one_stays(db_session, office):
    change_staff_role(session=db_session, user=office.second_admin, role="officer", by=office.admin)
    change_staff_role(session=db_session, user=office.officer, role="admin", by=office.admin)
    disable_staff(session=db_session, user=office.officer, by=office.admin)
    assert office.second_admin.role == Role.OFFICER and not office.officer.active


def test_an_admin_demoted_in_the_meantime_changes_nothing(db_session, office):
    change_staff_role(session=db_session, user=office.admin, role="officer", by=office.second_admin)
    with pytest.raises(NotCouncilAdmin):
        disable_staff(session=db_session, user=office.finance, by=office.admin)
    assert office.finance.active


def test_changes_wait_for_each_other_on_the_councils_row(db_session, office):
    """Two admins demoting each other at once: the second waits for the first, then
    counts the admins left (PostgreSQL's SELECT ... FOR UPDATE; SQLite takes its write
    lock when the request begins)."""
    from sqlalchemy import event

    from webapp.areas.models import Council

    locked = []

    @event.listens_for(db_session, "do_orm_execute")
    def record(state):
        if state.is_select and any(
            d.get("entity") is Council for d in state.statement.column_descriptions
        ):
            locked.append(state.statement._for_update_arg is not None)

    try:
        change_staff_role(session=db_session, user=office.officer, role="admin", by=office.admin)
        disable_staff(session=db_session, user=office.finance, by=office.admin)
        enable_staff(session=db_session, user=office.finance, by=office.admin)
    finally:
        event.remove(db_session, "do_orm_execute", record)
    assert locked == [True, True, True]
