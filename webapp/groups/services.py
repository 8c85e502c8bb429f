"""Registering groups, inviting and removing members."""

import re
from datetime import timedelta

from sqlmodel import Session, func, select

from webapp.audit.services import record_event
from webapp.audit.wording import member_role, person, worded
from webapp.auth.models import Role, User
from webapp.db import utcnow
from webapp.errors import DomainError
from webapp.groups.models import Group, GroupKind, Invitation, MemberRole, Membership
from webapp.i18n import lazy_gettext as _l
from webapp.tokens import new_token, token_hash

INVITATION_LIFETIME = timedelta(days=7)
CHARITY_NUMBER = re.compile(r"^(?:SC0\d{5}|\d{6,8}(?:-\d{1,2})?)$")
COMPANY_NUMBER = re.compile(r"^(?:\d{8}|(?:SC|NI|OC|SO|NC|IP|RS|CE|CS)\d{6})$")


class InvalidCharityNumber(DomainError):
    message = _l("That is not a charity number (such as 1234567 or SC012345).")


class InvalidCompanyNumber(DomainError):
    message = _l("That is not a company number (8 characters, such as 01234567 or SC123456).")


class InvitationInvalid(DomainError):
    message = _l("This invitation link is not valid. Ask the group for a new one.")


class InvitationExpired(DomainError):
    message = _l("This invitation has expired. Ask the group for a new one.")


class InvitationUsed(DomainError):
    message = _l("This invitation has already been used. Ask the group for a new one.")


class InvitationWithdrawn(DomainError):
    message = _l(
        "This invitation was withdrawn: the person who sent it no longer leads the group. Ask the group for a new one."
    )


class AlreadyMember(DomainError):
    message = _l("You are already a member of this group.")


class LastLead(DomainError):
    message = _l("A group must always have a lead: make someone else lead first.")


class NotAMember(DomainError):
    message = _l("That person is not a member of this group.")


def _normalise_number(value: str | None) -> str | None:
    value = (value or "").strip().upper().replace(" ", "")
    return value or None


def register_group(
    *,
    session: Session,
    council_id: int,
    name: str,
    kind: GroupKind,
    contact_email: str,
    lead: User,
    charity_number: str | None = None,
    company_number: str | None = None,
    contact_phone: str | None = None,
) -> Group:
    """Create a group with its founder as lead."""
    charity_number = _normalise_number(charity_number)
    company_number = _normalise_number(company_number)
    if charity_number and not CHARITY_NUMBER.match(charity_number):
        raise InvalidCharityNumber()
    if company_number and not COMPANY_NUMBER.match(company_number):
        raise InvalidCompanyNumber()
    group = Group(
        council_id=council_id,
        name=name.strip(),
        kind=GroupKind(kind),
        charity_number=charity_number,
        company_number=company_number,
        contact_email=contact_email.strip().lower(),
        contact_phone=(contact_phone or "").strip() or None,
    )
    session.add(group)
    session.flush()
    session.add(Membership(group_id=group.id, user_id=lead.id, role=MemberRole.LEAD))
    if lead.role == Role.RESIDENT:
        lead.role = Role.GROUP_MEMBER
    record_event(
        session=session,
        object_type="group",
        object_id=group.id,
        action="registered",
        actor=lead,
        council_id=council_id,
    )
    return group


def membership(session: Session, group_id: int, user_id: int) -> Membership | None:
    return session.exec(
        select(Membership).where(Membership.group_id == group_id, Membership.user_id == user_id)
    ).first()


def members(session: Session, group_id: int) -> list[tuple[Membership, User]]:
    return list(
        session.exec(
            select(Membership, User)
            .join(User, User.id == Membership.user_id)
            .where(Membership.group_id == group_id)
            .order_by(Membership.joined_at)
        )
    )


def groups_of(session: Session, user_id: int) -> list[tuple[Group, Membership]]:
    return list(
        session.exec(
            select(Group, Membership)
            .join(Membership, Membership.group_id == Group.id)
            .where(Membership.user_id == user_id)
            .order_by(Group.name)
        )
    )


def invite(*, session: Session, group: Group, role: MemberRole, by: User) -> str:
    """A new invitation link token; only its hash is kept."""
    token, hashed = new_token(24)
    session.add(
        Invitation(
            group_id=group.id,
            role=MemberRole(role),
            token_hash=hashed,
            created_by_id=by.id,
            expires_at=utcnow() + INVITATION_LIFETIME,
        )
    )
    record_event(
        session=session,
        object_type="group",
        object_id=group.id,
        action="invited",
        actor=by,
        council_id=group.council_id,
        reason=worded("member_role", role=member_role(role)),
    )
    session.flush()
    return token


def find_invitation(*, session: Session, token: str) -> Invitation:
    """The invitation for a token, if it can still be used."""
    invitation = session.exec(
        select(Invitation).where(Invitation.token_hash == token_hash(token or ""))
    ).first()
    if invitation is None:
        raise InvitationInvalid()
    if invitation.used_at is not None:
        # Withdrawn invitations are closed with used_at but nobody in used_by_id.
        raise InvitationUsed() if invitation.used_by_id else InvitationWithdrawn()
    if invitation.expires_at <= utcnow():
        raise InvitationExpired()
    if not _is_lead(session, invitation.group_id, invitation.created_by_id):
        raise InvitationWithdrawn()
    return invitation


def _is_lead(session: Session, group_id: int, user_id: int | None) -> bool:
    member = membership(session, group_id, user_id) if user_id else None
    return member is not None and member.role == MemberRole.LEAD


def _withdraw_invitations(*, session: Session, group: Group, user_id: int, by: User) -> None:
    """Close the open invitations a lead sent, when they stop being a lead."""
    open_ones = session.exec(
        select(Invitation).where(
            Invitation.group_id == group.id,
            Invitation.created_by_id == user_id,
            Invitation.used_at.is_(None),
        )
    ).all()
    if not open_ones:
        return
    for invitation in open_ones:
        invitation.used_at = utcnow()
    record_event(
        session=session,
        object_type="group",
        object_id=group.id,
        action="invitations_withdrawn",
        actor=by,
        council_id=group.council_id,
        reason=worded("invitations_withdrawn", member=person(user_id), count=len(open_ones)),
    )


def accept_invitation(*, session: Session, token: str, user: User) -> Group:
    """Join the group of an invitation; the invitation works once."""
    invitation = session.exec(
        select(Invitation)
        .where(Invitation.token_hash == token_hash(token or ""))
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if invitation is None:
        raise InvitationInvalid()
    find_invitation(session=session, token=token)
    if membership(session, invitation.group_id, user.id):
        raise AlreadyMember()
    invitation.used_at = utcnow()
    invitation.used_by_id = user.id
    session.add(Membership(group_id=invitation.group_id, user_id=user.id, role=invitation.role))
    if user.role == Role.RESIDENT:
        user.role = Role.GROUP_MEMBER
    group = session.get(Group, invitation.group_id)
    record_event(
        session=session,
        object_type="group",
        object_id=group.id,
        action="joined",
        actor=user,
        council_id=group.council_id,
        reason=worded("member_role", role=member_role(invitation.role)),
    )
    session.flush()
    return group


def _leads(session: Session, group_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(Membership)
        .where(Membership.group_id == group_id, Membership.role == MemberRole.LEAD)
    ).one()


def remove_member(*, session: Session, group: Group, user_id: int, by: User) -> None:
    """Remove a member (or leave, when by is that member); the last lead stays."""
    member = membership(session, group.id, user_id)
    if member is None:
        raise NotAMember()
    if member.role == MemberRole.LEAD and _leads(session, group.id) <= 1:
        raise LastLead()
    if member.role == MemberRole.LEAD:
        _withdraw_invitations(session=session, group=group, user_id=user_id, by=by)
    session.delete(member)
    action = "left" if by.id == user_id else "removed"
    record_event(
        session=session,
        object_type="group",
        object_id=group.id,
        action=action,
        actor=by,
        council_id=group.council_id,
        reason=worded("member", member=person(user_id)),
    )
    session.flush()


def change_role(
    *, session: Session, group: Group, user_id: int, role: MemberRole, by: User
) -> None:
    """Give a member another role; the last lead cannot step down."""
    member = membership(session, group.id, user_id)
    if member is None:
        raise NotAMember()
    if (
        member.role == MemberRole.LEAD
        and role != MemberRole.LEAD
        and _leads(session, group.id) <= 1
    ):
        raise LastLead()
    if member.role == MemberRole.LEAD and role != MemberRole.LEAD:
        _withdraw_invitations(session=session, group=group, user_id=user_id, by=by)
    member.role = MemberRole(role)
    record_event(
        session=session,
        object_type="group",
        object_id=group.id,
        action="role_changed",
        actor=by,
        council_id=group.council_id,
        reason=worded("member_role_changed", member=person(user_id), role=member_role(role)),
    )
    session.flush()
