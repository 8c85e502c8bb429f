"""The instalments queue: approvals (two for large sums), payments and bulk approval."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from webapp.admin import bp
from webapp.admin.filters import parse_filters
from webapp.admin.queues import INSTALMENT_SORTS, INSTALMENT_STATES, approvers_of, instalment_queue
from webapp.admin.views import _areas, _council, _counts, _services
from webapp.areas.models import Area
from webapp.auth.freshness import reauthenticate_first, recently_authenticated
from webapp.auth.permissions import hide_from_viewer
from webapp.db import get_session
from webapp.errors import DomainError
from webapp.groups.models import Group
from webapp.htmx import is_htmx, render
from webapp.i18n import gettext as _
from webapp.ledger.instalments import (
    approve_instalment,
    pay_instalment,
    reject_instalment,
)
from webapp.ledger.models import Delegation, Instalment
from webapp.requests import whole_number
from webapp.voting.forms import ButtonForm

INSTALMENT_ACTIONS = ("approve", "reject", "pay")


@bp.get("/instalments")
def instalments():
    services = _services()
    f = parse_filters(
        request.args,
        statuses=INSTALMENT_STATES,
        sorts=INSTALMENT_SORTS,
        services=[key for key, _name in services],
    )
    session = get_session()
    page = instalment_queue(session, council_id=current_user.council_id, f=f)
    ids = [row[0].id for row in page.rows]
    return render(
        "admin/instalments.html",
        "results",
        f=f,
        page=page,
        counts=_counts(),
        areas=_areas(),
        services=services,
        approvers=approvers_of(session, ids),
        council=_council(),
        form=ButtonForm(),
        results=None,
    )


def _instalment_row(
    instalment_id: int, error: str | None = None, status: int = 200, confirm: bool = False
):
    session = get_session()
    instalment, delegation, area, group = session.exec(
        select(Instalment, Delegation, Area, Group)
        .join(Delegation, Delegation.id == Instalment.delegation_id)
        .join(Area, Area.id == Delegation.area_id)
        .join(Group, Group.id == Delegation.group_id)
        .where(Instalment.id == instalment_id)
    ).one()
    html = render_template(
        "admin/_instalment_row.html",
        row=(instalment, delegation, area, group),
        approvers=approvers_of(session, [instalment_id]),
        council=_council(),
        error=error,
        confirm=confirm,
        form=ButtonForm(),
        swapped=True,
    ) + render_template("admin/_counts.html", counts=_counts(), oob=True)
    return Response(html, status=status, headers={"Vary": "HX-Request"})


def _own_instalment(instalment_id: int) -> Instalment:
    session = get_session()
    instalment = session.get(Instalment, instalment_id)
    if instalment is None:
        abort(404)
    delegation = session.get(Delegation, instalment.delegation_id)
    if delegation.council_id != current_user.council_id:
        hide_from_viewer()
    return instalment


def decide_instalment(instalment: Instalment, action: str) -> None:
    """Apply one officer decision; rules live in the ledger services."""
    session = get_session()
    if action == "approve":
        approve_instalment(session=session, instalment_id=instalment.id, officer=current_user)
    elif action == "reject":
        reject_instalment(
            session=session,
            instalment_id=instalment.id,
            officer=current_user,
            reason=request.form.get("reason", ""),
        )
    else:
        pay_instalment(session=session, instalment_id=instalment.id, officer=current_user)


def _large(instalment: Instalment) -> bool:
    return instalment.amount_pence >= _council().large_transfer_threshold_pence


@bp.get("/instalments/<int:instalment_id>/confirm-pay")
def confirm_pay(instalment_id: int):
    _own_instalment(instalment_id)
    return _instalment_row(instalment_id, confirm=True)


@bp.post("/instalments/<int:instalment_id>/<action>")
def instalment_action(instalment_id: int, action: str):
    instalment = _own_instalment(instalment_id)
    if action not in INSTALMENT_ACTIONS:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if action in ("approve", "pay") and _large(instalment) and not recently_authenticated():
        return reauthenticate_first()
    error = None
    if action == "pay" and request.form.get("confirm") != "yes":
        error = _("Confirm the payment first: tick the box and press Pay.")
    else:
        try:
            with get_session().begin_nested():
                decide_instalment(instalment, action)
        except DomainError as exc:
            error = str(exc.message)
    if is_htmx():
        return _instalment_row(
            instalment_id, error, 422 if error else 200, confirm=bool(error and action == "pay")
        )
    flash(error or _("Done."), "error" if error else "success")
    return redirect(request.referrer or url_for(".instalments"))


@bp.post("/instalments/bulk-approve")
def bulk_approve():
    if not ButtonForm().validate_on_submit():
        abort(400)
    ids = [i for i in map(whole_number, request.form.getlist("ids")) if i is not None][:200]
    results = _approve_each(ids)
    if is_htmx():
        return render("admin/bulk_results.html", "results", results=results, counts=_counts())
    # Without JavaScript: post/redirect/get, so reloading the answer approves nothing again.
    from webapp.ledger import instalment_state_label

    for instalment_id, instalment, error in results:
        outcome = error or instalment_state_label(instalment.state)
        flash(
            f"{_('Instalment %(id)d', id=instalment_id)}: {outcome}",
            "error" if error else "success",
        )
    if not results:
        flash(_("No instalments were selected."), "error")
    return redirect(request.referrer or url_for(".instalments"), 303)


def _approve_each(ids: list[int]) -> list[tuple[int, Instalment | None, str | None]]:
    """Approve each instalment on its own: (id, instalment, why not) for every one."""
    session = get_session()
    results = []
    for instalment_id in ids:
        instalment = session.get(Instalment, instalment_id)
        delegation = session.get(Delegation, instalment.delegation_id) if instalment else None
        if instalment is None or delegation.council_id != current_user.council_id:
            results.append((instalment_id, None, _("Not found.")))
            continue
        if _large(instalment) and not recently_authenticated():
            results.append(
                (
                    instalment_id,
                    instalment,
                    _("Large payment: confirm your password and approve it on its own."),
                )
            )
            continue
        try:
            with session.begin_nested():
                approve_instalment(
                    session=session, instalment_id=instalment_id, officer=current_user
                )
            results.append((instalment_id, instalment, None))
        except DomainError as exc:
            results.append((instalment_id, instalment, str(exc.message)))
    return results


@bp.app_template_global()
def instalment_status_choices() -> list[tuple[str, str]]:
    from webapp.ledger import instalment_state_label

    return [(state, instalment_state_label(state)) for state in INSTALMENT_STATES]


@bp.app_template_global()
def instalment_sort_choices() -> list[tuple[str, str]]:
    return [
        ("due", _("Due soonest")),
        ("-due", _("Due latest")),
        ("amount", _("Smallest first")),
        ("-amount", _("Largest first")),
        ("area", _("Area")),
    ]
