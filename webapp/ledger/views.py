from flask import abort, flash, redirect, url_for
from flask_login import current_user, login_required
from sqlmodel import select

from webapp.areas.models import Area, Council
from webapp.auth.freshness import reauthenticate_first, recently_authenticated
from webapp.auth.permissions import council_staff_required
from webapp.claims.models import Claim
from webapp.claims.queries import claim_names
from webapp.csvfiles import csv_download
from webapp.db import get_session
from webapp.errors import DomainError
from webapp.groups.models import Group
from webapp.htmx import render
from webapp.i18n import gettext as _
from webapp.ledger import bp
from webapp.ledger.access import visible_delegation
from webapp.ledger.charts import budget_paid_chart
from webapp.ledger.forms import PayForm, RebateForm, RejectInstalmentForm
from webapp.ledger.history import delegation_history
from webapp.ledger.instalments import (
    approvals_needed,
    approvals_of,
    approve_instalment,
    paid_total,
    pay_instalment,
    reject_instalment,
    request_instalment,
)
from webapp.ledger.models import Delegation, Instalment, RebatePosting
from webapp.ledger.rebates import post_rebate, rebate_export_csv
from webapp.ledger.statements import (
    budget_against_paid,
)
from webapp.outcome import all_or_nothing
from webapp.voting.forms import ButtonForm


@bp.get("/delegations/<int:delegation_id>")
@login_required
def delegation(delegation_id: int):
    delegation, staff = visible_delegation(delegation_id)
    return _delegation_page(delegation, staff)


def _delegation_page(delegation: Delegation, staff: bool, rebate_form=None, status: int = 200):
    """The delegation's money page; a rebate form sent with a mistake comes back with it."""
    session = get_session()
    claim = session.get(Claim, delegation.claim_id)
    council = session.get(Council, delegation.council_id)
    instalments = session.exec(
        select(Instalment)
        .where(Instalment.delegation_id == delegation.id)
        .order_by(Instalment.number)
    ).all()
    approvals = {i.id: approvals_of(session, i.id) for i in instalments}
    return render(
        "ledger/delegation.html",
        status=status,
        delegation=delegation,
        claim=claim,
        council=council,
        staff=staff,
        area=session.get(Area, delegation.area_id),
        group=session.get(Group, delegation.group_id),
        names=claim_names(session, claim),
        instalments=instalments,
        approvals=approvals,
        needed={i.id: approvals_needed(i, council) for i in instalments},
        paid=paid_total(session, delegation.id),
        button=ButtonForm(),
        pay_form=PayForm(),
        reject_form=RejectInstalmentForm(),
        rebate_form=rebate_form or RebateForm(),
        rebates=session.exec(
            select(RebatePosting).where(RebatePosting.delegation_id == delegation.id)
        ).all(),
        chart=budget_paid_chart(budget_against_paid(session, [delegation.id])),
        history=delegation_history(session, delegation.id, [i.id for i in instalments]),
    )


def _instalment(delegation_id: int, instalment_id: int) -> Instalment:
    visible_delegation(delegation_id)
    instalment = get_session().get(Instalment, instalment_id)
    if instalment is None or instalment.delegation_id != delegation_id:
        abort(404)
    return instalment


def _act(instalment: Instalment, action, form=None):
    """Apply `action` to an instalment _instalment() found, then back to its delegation."""
    delegation_id = instalment.delegation_id
    form = form or ButtonForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        with all_or_nothing():
            action(instalment, form)
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("Done."), "success")
    return redirect(url_for(".delegation", delegation_id=delegation_id))


@bp.post("/delegations/<int:delegation_id>/instalments/<int:instalment_id>/request")
@login_required
def request_(delegation_id: int, instalment_id: int):
    return _act(
        _instalment(delegation_id, instalment_id),
        lambda i, _f: request_instalment(
            session=get_session(), instalment_id=i.id, actor=current_user
        ),
    )


def _needs_fresh_password(instalment: Instalment) -> bool:
    """Whether a large transfer needs the password again: ask once _instalment() found it."""
    session = get_session()
    delegation = session.get(Delegation, instalment.delegation_id)
    council = session.get(Council, delegation.council_id)
    return (
        instalment.amount_pence >= council.large_transfer_threshold_pence
        and not recently_authenticated()
    )


@bp.post("/delegations/<int:delegation_id>/instalments/<int:instalment_id>/approve")
@login_required
def approve(delegation_id: int, instalment_id: int):
    instalment = _instalment(delegation_id, instalment_id)
    if _needs_fresh_password(instalment):
        return reauthenticate_first()
    return _act(
        instalment,
        lambda i, _f: approve_instalment(
            session=get_session(), instalment_id=i.id, officer=current_user
        ),
    )


@bp.post("/delegations/<int:delegation_id>/instalments/<int:instalment_id>/reject")
@login_required
def reject(delegation_id: int, instalment_id: int):
    return _act(
        _instalment(delegation_id, instalment_id),
        lambda i, f: reject_instalment(
            session=get_session(), instalment_id=i.id, officer=current_user, reason=f.reason.data
        ),
        RejectInstalmentForm(),
    )


@bp.post("/delegations/<int:delegation_id>/instalments/<int:instalment_id>/pay")
@login_required
def pay(delegation_id: int, instalment_id: int):
    instalment = _instalment(delegation_id, instalment_id)
    if _needs_fresh_password(instalment):
        return reauthenticate_first()
    form = PayForm()
    if form.is_submitted() and not form.confirm.data:
        flash(_("Tick the box to confirm the payment."), "error")
        return redirect(url_for(".delegation", delegation_id=delegation_id))
    return _act(
        instalment,
        lambda i, _f: pay_instalment(
            session=get_session(), instalment_id=i.id, officer=current_user
        ),
        form,
    )


@bp.post("/delegations/<int:delegation_id>/rebates")
@council_staff_required
def rebates(delegation_id: int):
    delegation, staff = visible_delegation(delegation_id)
    if not staff:
        abort(403)
    form = RebateForm()  # CSRFProtect has checked the token before this view
    if not form.validate_on_submit():
        return _delegation_page(delegation, staff, form, 422)
    session = get_session()
    try:
        with session.begin_nested():  # a refused posting leaves nothing behind
            post_rebate(
                session=session, delegation=delegation, period=form.period.data, actor=current_user
            )
    except DomainError as exc:
        form.period.errors.append(str(exc.message))
        return _delegation_page(delegation, staff, form, 422)
    flash(_("Rebates posted."), "success")
    return redirect(url_for(".delegation", delegation_id=delegation_id))


@bp.get("/delegations/<int:delegation_id>/rebates.csv")
@council_staff_required
def rebates_csv(delegation_id: int):
    delegation, staff = visible_delegation(delegation_id)
    if not staff:
        abort(404)
    body = rebate_export_csv(session=get_session(), delegation=delegation)
    # For the council's billing system, not a spreadsheet: its columns are digits and
    # the charge's English name, and an importer may read a BOM as part of "uprn".
    filename = f"rebates-delegation-{delegation.id}.csv"
    return csv_download(body, filename, byte_order_mark=False)
