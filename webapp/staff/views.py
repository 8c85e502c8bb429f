"""The staff accounts page: the council's staff, adding one, and changes to each.

Every change is a POST that answers htmx with the account's row as it now stands (the
row the page itself is built from), and a browser without JavaScript with a redirect
back to the page it came from, where a message says what happened.
"""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.admin.queues import queue_counts
from webapp.areas.models import Council
from webapp.audit.services import events_for
from webapp.auth.freshness import page_before
from webapp.auth.models import User
from webapp.auth.permissions import hide_from_viewer, is_staff_of_user
from webapp.db import get_session
from webapp.errors import DomainError
from webapp.extensions import limiter
from webapp.htmx import is_htmx, render
from webapp.i18n import gettext as _
from webapp.requests import whole_number
from webapp.security_events import security_event
from webapp.staff import bp
from webapp.staff.forms import AddStaffForm, StaffRoleForm
from webapp.staff.labels import staff_role_choices, staff_role_label
from webapp.staff.queries import MAX_PAGE, staff_member, staff_of
from webapp.staff.services import (
    NotAStaffRole,
    StaffChange,
    add_staff,
    change_staff_role,
    disable_staff,
    enable_staff,
)
from webapp.voting.forms import ButtonForm

bp.add_app_template_global(staff_role_label)
bp.add_app_template_global(staff_role_choices)


def _admin() -> User:
    return current_user._get_current_object()


def _common() -> dict:
    """What every staff page shows around its content: the admin navigation's counts."""
    session = get_session()
    return {
        "counts": queue_counts(session, council_id=current_user.council_id),
        "council": session.get(Council, current_user.council_id),
        "button": ButtonForm(),
    }


def _list_page(form: AddStaffForm, status: int = 200):
    number = min(whole_number(request.args.get("page")) or 1, MAX_PAGE)
    page = staff_of(get_session(), council_id=current_user.council_id, page=number)
    return render("staff/staff.html", status=status, page=page, form=form, **_common())


@bp.get("")
def staff_list():
    return _list_page(AddStaffForm())


def _admin_key() -> str:
    return f"staff-add:{current_user.get_id()}"


@bp.post("")
# An address in use anywhere on the site is refused (StaffEmailTaken): the limit keeps
# an admin from using the form to learn which addresses have accounts.
@limiter.limit("30 per hour", key_func=_admin_key)
def add():
    form = AddStaffForm()
    if form.validate_on_submit():
        try:
            user = add_staff(
                session=get_session(),
                council_id=current_user.council_id,
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                by=_admin(),
            )
        except NotAStaffRole as exc:
            form.role.errors.append(str(exc.message))
        except DomainError as exc:
            security_event("staff_account", "refused", change="add", refusal=type(exc).__name__)
            form.email.errors.append(str(exc.message))
        else:
            security_event("staff_account", "added", account_id=user.id, role=str(user.role))
            flash(
                _(
                    "Account added for %(name)s. An email with a link to choose a password "
                    "has gone to %(email)s; the link works for three days.",
                    name=user.name,
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for(".staff_list"), 303)
    return _list_page(form, status=422)


def _own_staff(user_id: int) -> User:
    """A staff account of the admin's council; any other account is a 404."""
    user = get_session().get(User, user_id)
    if user is None:
        abort(404)
    if not is_staff_of_user(user, current_user.council_id):
        hide_from_viewer()
    return user


@bp.get("/<int:user_id>")
def account(user_id: int):
    """One staff account: its details, the changes an admin can make, and its history."""
    user = _own_staff(user_id)
    session = get_session()
    _user, last_active = staff_member(session, council_id=current_user.council_id, user_id=user.id)
    history = events_for(
        session=session,
        object_type="user",
        object_id=user.id,
        council_id=current_user.council_id,
        since=user.created_at,
    )
    return render(
        "staff/account.html", member=user, last_active=last_active, history=history, **_common()
    )


def _row(user_id: int, *, error: str | None, notice: str | None) -> Response:
    member, last_active = staff_member(
        get_session(), council_id=current_user.council_id, user_id=user_id
    )
    html = render_template(
        "staff/_staff_row.html",
        member=member,
        last_active=last_active,
        button=ButtonForm(),
        error=error,
        notice=notice,
        swapped=True,
    )
    return Response(html, status=422 if error else 200, headers={"Vary": "HX-Request"})


def _answer(user: User, event: str, change, done) -> Response:
    """Make `change` (`event` in the security log, if it changed anything), all or
    nothing, then tell htmx (the row) or the browser (a message on the page it came
    from) how it went; `done` words the change's result (a StaffChange)."""
    session = get_session()
    error = notice = None
    try:
        with session.begin_nested():
            result = change()
    except DomainError as exc:
        error = str(exc.message)
        security_event(
            "staff_account", "refused", change=event, account_id=user.id, refusal=type(exc).__name__
        )
    else:
        notice = done(result)
        if result.changed:
            security_event("staff_account", event, account_id=user.id, role=str(user.role))
    if is_htmx():
        return _row(user.id, error=error, notice=notice)
    flash(error or notice, "error" if error else "success")
    return redirect(page_before(url_for(".staff_list")), 303)


def _role_changed(user: User, result: StaffChange) -> str:
    if not result.changed:
        return _("Nothing to change: that is their role already.")
    role = staff_role_label(user.role)
    if result.invited:  # the change voided the link the newcomer had
        return _(
            "Role changed to “%(role)s”. %(name)s had not chosen a password yet, so a new "
            "link to choose one has gone to %(email)s; it works for three days.",
            role=role,
            name=user.name,
            email=user.email,
        )
    return _(
        "Role changed to “%(role)s”. %(name)s is signed out everywhere.", role=role, name=user.name
    )


@bp.post("/<int:user_id>/role")
def change_role(user_id: int):
    user = _own_staff(user_id)
    form = StaffRoleForm()
    if not form.validate_on_submit():
        abort(400)
    return _answer(
        user,
        "role_changed",
        lambda: change_staff_role(
            session=get_session(), user=user, role=form.role.data, by=_admin()
        ),
        lambda result: _role_changed(user, result),
    )


@bp.post("/<int:user_id>/disable")
def disable(user_id: int):
    user = _own_staff(user_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    return _answer(
        user,
        "disabled",
        lambda: disable_staff(session=get_session(), user=user, by=_admin()),
        lambda result: (
            _(
                "Account disabled. %(name)s can no longer sign in and is signed out everywhere.",
                name=user.name,
            )
            if result.changed
            else _("Nothing to change: the account is disabled already.")
        ),
    )


def _enabled(user: User, result: StaffChange) -> str:
    if not result.changed:
        return _("Nothing to change: the account is active already.")
    if result.invited:  # disabling voided the link the newcomer had
        return _(
            "Account enabled. %(name)s had not chosen a password yet, so a new link to "
            "choose one has gone to %(email)s; it works for three days.",
            name=user.name,
            email=user.email,
        )
    return _("Account enabled. %(name)s can sign in again.", name=user.name)


@bp.post("/<int:user_id>/enable")
def enable(user_id: int):
    user = _own_staff(user_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    return _answer(
        user,
        "enabled",
        lambda: enable_staff(session=get_session(), user=user, by=_admin()),
        lambda result: _enabled(user, result),
    )
