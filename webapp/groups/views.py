from flask import abort, flash, redirect, url_for
from flask_login import current_user, login_required
from sqlmodel import select

from webapp.areas.models import Council
from webapp.audit.services import events_for
from webapp.db import get_session
from webapp.errors import DomainError
from webapp.forms import choices
from webapp.groups import bp
from webapp.groups.access import led_group, visible_group
from webapp.groups.forms import KIND_LABELS, ROLE_LABELS, GroupForm, InviteForm, RoleForm
from webapp.groups.models import MemberRole
from webapp.groups.services import (
    InvalidCharityNumber,
    accept_invitation,
    change_role,
    find_invitation,
    groups_of,
    invite,
    members,
    register_group,
    remove_member,
)
from webapp.htmx import render
from webapp.i18n import gettext as _
from webapp.links import public_url
from webapp.outcome import all_or_nothing, flash_outcome
from webapp.voting.forms import ButtonForm


@bp.app_template_global()
def group_kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@bp.app_template_global()
def member_role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


@bp.get("/groups")
@login_required
def my_groups():
    return render("groups/my_groups.html", groups=groups_of(get_session(), current_user.id))


@bp.route("/groups/new", methods=["GET", "POST"])
@login_required
def new_group():
    session, form = get_session(), GroupForm()
    form.council.choices = choices(
        (c.id, c.name) for c in session.exec(select(Council).order_by(Council.name))
    )
    if form.validate_on_submit():
        try:
            group = register_group(
                session=session,
                council_id=form.council.data,
                name=form.name.data,
                kind=form.kind.data,
                contact_email=form.contact_email.data,
                lead=current_user,
                charity_number=form.charity_number.data,
                company_number=form.company_number.data,
                contact_phone=form.contact_phone.data,
            )
        except DomainError as exc:
            charity = isinstance(exc, InvalidCharityNumber)
            field = form.charity_number if charity else form.company_number
            field.errors.append(str(exc.message))
        else:
            flash(_("Your group is registered. Invite your treasurer and members next."), "success")
            return redirect(url_for(".group", group_id=group.id))
    status = 422 if form.is_submitted() else 200
    return render("groups/new.html", status=status, form=form)


@bp.get("/groups/<int:group_id>")
@login_required
def group(group_id: int):
    group, member = visible_group(group_id)
    from webapp.claims.queries import claims_of_group

    session = get_session()
    return render(
        "groups/group.html",
        group=group,
        member=member,
        members=members(session, group.id),
        claims=claims_of_group(session=session, group_id=group.id),
        invite_form=InviteForm(),
        role_form=RoleForm(),
        button=ButtonForm(),
        history=events_for(session=session, object_type="group", object_id=group.id),
    )


@bp.post("/groups/<int:group_id>/invitations")
@login_required
def create_invitation(group_id: int):
    group, _member = led_group(group_id)
    form = InviteForm()
    if not form.validate_on_submit():
        abort(400)
    token = invite(
        session=get_session(), group=group, role=MemberRole(form.role.data), by=current_user
    )
    link = public_url("groups.invitation", token=token)
    return render("groups/invitation_link.html", group=group, link=link, role=form.role.data)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def invitation(token: str):
    session, form = get_session(), ButtonForm()
    try:
        found = find_invitation(session=session, token=token)
        if form.validate_on_submit():
            group = accept_invitation(session=session, token=token, user=current_user)
            flash(_("Welcome to %(group)s.", group=group.name), "success")
            return redirect(url_for(".group", group_id=group.id))
    except DomainError as exc:
        return render(
            "groups/invitation.html", status=410, error=str(exc.message), group=None, form=form
        )
    from webapp.groups.models import Group

    return render(
        "groups/invitation.html",
        group=session.get(Group, found.group_id),
        role=found.role,
        form=form,
        error=None,
    )


@bp.post("/groups/<int:group_id>/members/<int:user_id>/remove")
@login_required
def remove(group_id: int, user_id: int):
    group, member = visible_group(group_id)
    leaving = user_id == current_user.id
    if member is None or (not leaving and member.role != MemberRole.LEAD):
        abort(403)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        with all_or_nothing():
            remove_member(session=get_session(), group=group, user_id=user_id, by=current_user)
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for(".group", group_id=group_id))
    if leaving:
        flash(_("You have left %(group)s.", group=group.name), "success")
        return redirect(url_for(".my_groups"))
    flash(_("Member removed."), "success")
    return redirect(url_for(".group", group_id=group_id))


@bp.post("/groups/<int:group_id>/members/<int:user_id>/role")
@login_required
def set_role(group_id: int, user_id: int):
    group, _member = led_group(group_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    flash_outcome(
        lambda: change_role(
            session=get_session(),
            group=group,
            user_id=user_id,
            role=form.role.data,
            by=current_user,
        ),
        _("Role changed."),
    )
    return redirect(url_for(".group", group_id=group_id))
