from datetime import date

from flask import Response, abort, flash, jsonify, redirect, request, url_for
from flask_login import current_user, login_required
from sqlmodel import select

from webapp.areas.models import Area, Council
from webapp.auth.freshness import reauthenticate_first, recently_authenticated
from webapp.auth.permissions import council_staff_required, ensure_same_council
from webapp.claims.models import Claim
from webapp.claims.queries import claim_names
from webapp.db import get_session
from webapp.errors import DomainError
from webapp.groups.access import visible_group
from webapp.groups.models import Group
from webapp.htmx import render
from webapp.i18n import gettext as _
from webapp.ledger import bp
from webapp.ledger.access import visible_delegation
from webapp.ledger.charts import budget_paid_chart
from webapp.ledger.forms import PayForm, RebateForm, RejectInstalmentForm
from webapp.ledger.giving import giving_csv, giving_package
from webapp.ledger.history import instalment_history
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
    accounts_for,
    budget_against_paid,
    build_statement,
    statement_csv,
)
from webapp.voting.forms import ButtonForm


@bp.get("/delegations/<int:delegation_id>")
@login_required
def delegation(delegation_id: int):
    delegation, staff = visible_delegation(delegation_id)
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
        rebate_form=RebateForm(),
        rebates=session.exec(
            select(RebatePosting).where(RebatePosting.delegation_id == delegation.id)
        ).all(),
        chart=budget_paid_chart(budget_against_paid(session, [delegation.id])),
        history=instalment_history(session, [i.id for i in instalments]),
    )


def _instalment(delegation_id: int, instalment_id: int) -> Instalment:
    visible_delegation(delegation_id)
    instalment = get_session().get(Instalment, instalment_id)
    if instalment is None or instalment.delegation_id != delegation_id:
        abort(404)
    return instalment


def _act(delegation_id: int, instalment_id: int, action, form=None):
    instalment = _instalment(delegation_id, instalment_id)
    form = form or ButtonForm()
    if not form.validate_on_submit():
        abort(400)
    try:
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
        delegation_id,
        instalment_id,
        lambda i, _f: request_instalment(
            session=get_session(), instalment_id=i.id, actor=current_user
        ),
    )


def _needs_fresh_password(instalment_id: int) -> bool:
    session = get_session()
    instalment = session.get(Instalment, instalment_id)
    delegation = session.get(Delegation, instalment.delegation_id) if instalment else None
    if delegation is None:
        return False
    council = session.get(Council, delegation.council_id)
    return (
        instalment.amount_pence >= council.large_transfer_threshold_pence
        and not recently_authenticated()
    )


@bp.post("/delegations/<int:delegation_id>/instalments/<int:instalment_id>/approve")
@login_required
def approve(delegation_id: int, instalment_id: int):
    if _needs_fresh_password(instalment_id):
        return reauthenticate_first()
    return _act(
        delegation_id,
        instalment_id,
        lambda i, _f: approve_instalment(
            session=get_session(), instalment_id=i.id, officer=current_user
        ),
    )


@bp.post("/delegations/<int:delegation_id>/instalments/<int:instalment_id>/reject")
@login_required
def reject(delegation_id: int, instalment_id: int):
    return _act(
        delegation_id,
        instalment_id,
        lambda i, f: reject_instalment(
            session=get_session(), instalment_id=i.id, officer=current_user, reason=f.reason.data
        ),
        RejectInstalmentForm(),
    )


@bp.post("/delegations/<int:delegation_id>/instalments/<int:instalment_id>/pay")
@login_required
def pay(delegation_id: int, instalment_id: int):
    if _needs_fresh_password(instalment_id):
        return reauthenticate_first()
    form = PayForm()
    if form.is_submitted() and not form.confirm.data:
        flash(_("Tick the box to confirm the payment."), "error")
        return redirect(url_for(".delegation", delegation_id=delegation_id))
    return _act(
        delegation_id,
        instalment_id,
        lambda i, _f: pay_instalment(
            session=get_session(), instalment_id=i.id, officer=current_user
        ),
        form,
    )


@bp.post("/delegations/<int:delegation_id>/rebates")
@council_staff_required
def rebates(delegation_id: int):
    delegation, staff = visible_delegation(delegation_id)
    form = RebateForm()
    if not staff or not form.validate_on_submit():
        abort(403 if not staff else 400)
    try:
        post_rebate(
            session=get_session(),
            delegation=delegation,
            period=form.period.data.strip(),
            actor=current_user,
        )
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("Rebates posted."), "success")
    return redirect(url_for(".delegation", delegation_id=delegation_id))


@bp.get("/delegations/<int:delegation_id>/rebates.csv")
@council_staff_required
def rebates_csv(delegation_id: int):
    delegation, staff = visible_delegation(delegation_id)
    if not staff:
        abort(404)
    body = rebate_export_csv(session=get_session(), delegation=delegation)
    return _csv(body, f"rebates-delegation-{delegation.id}.csv")


def _csv(body: str, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _dates() -> tuple[date | None, date | None]:
    def parse(name):
        try:
            return date.fromisoformat(request.args.get(name, ""))
        except ValueError:
            return None

    return parse("from"), parse("to")


def _statement_scope(scope: str, value: str):
    """The council, title and accounts of a statement the viewer may see."""
    session = get_session()
    if scope == "group":
        group, _member = visible_group(int(value)) if value.isdigit() else abort(404)
        return (
            group.council_id,
            group.name,
            accounts_for(session, council_id=group.council_id, scope="group", value=group.id),
        )
    if not current_user.is_authenticated or not current_user.is_council_staff:
        abort(404)
    council_id = current_user.council_id
    if scope == "area":
        area = session.exec(select(Area).where(Area.slug == value)).first()
        if area is None:
            abort(404)
        ensure_same_council(area.council_id)
        return (
            council_id,
            area.name,
            accounts_for(session, council_id=council_id, scope="area", value=area.id),
        )
    if scope == "function":
        return (
            council_id,
            value,
            accounts_for(session, council_id=council_id, scope="function", value=value),
        )
    if scope == "council":
        council = session.get(Council, council_id)
        return (
            council_id,
            council.name,
            accounts_for(session, council_id=council_id, scope="council", value=None),
        )
    abort(404)


def _delegation_ids(scope: str, value: str, council_id: int) -> list[int]:
    query = select(Delegation.id).where(Delegation.council_id == council_id)
    if scope == "group":
        query = query.where(Delegation.group_id == int(value))
    elif scope == "area":
        query = query.join(Area, Area.id == Delegation.area_id).where(Area.slug == value)
    elif scope == "function":
        query = query.where(Delegation.function_key == value)
    return list(get_session().exec(query))


@bp.get("/statements/<scope>/<value>")
@login_required
def statement(scope: str, value: str):
    council_id, title, account_ids = _statement_scope(scope, value)
    start, end = _dates()
    session = get_session()
    result = build_statement(session, title=title, account_ids=account_ids, start=start, end=end)
    delegation_ids = _delegation_ids(scope, value, council_id)
    return render(
        "ledger/statement.html",
        statement=result,
        scope=scope,
        value=value,
        start=start,
        end=end,
        chart=budget_paid_chart(budget_against_paid(session, delegation_ids)),
    )


@bp.get("/statements/<scope>/<value>.csv")
@login_required
def statement_csv_view(scope: str, value: str):
    _council_id, title, account_ids = _statement_scope(scope, value)
    start, end = _dates()
    result = build_statement(
        get_session(), title=title, account_ids=account_ids, start=start, end=end, limit=None
    )
    return _csv(statement_csv(result), f"statement-{scope}-{value}.csv")


@bp.get("/councils/<slug>/360giving.json")
def giving_json(slug: str):
    council = get_session().exec(select(Council).where(Council.slug == slug)).first()
    if council is None:
        abort(404)
    return jsonify(giving_package(get_session(), council))


@bp.get("/councils/<slug>/360giving.csv")
def giving_csv_view(slug: str):
    council = get_session().exec(select(Council).where(Council.slug == slug)).first()
    if council is None:
        abort(404)
    return _csv(giving_csv(giving_package(get_session(), council)), f"360giving-{slug}.csv")
