"""Statements and 360Giving exports."""

from datetime import date

from flask import abort, jsonify, request
from flask_login import current_user, login_required
from sqlmodel import select

from webapp.areas.models import Area, Council
from webapp.auth.permissions import ensure_same_council
from webapp.csvfiles import csv_download
from webapp.db import get_session
from webapp.groups.access import visible_group
from webapp.htmx import render
from webapp.ledger import bp
from webapp.ledger.charts import budget_paid_chart
from webapp.ledger.giving import giving_csv, giving_package
from webapp.ledger.models import Delegation
from webapp.ledger.statements import (
    accounts_for,
    budget_against_paid,
    build_statement,
    statement_csv,
)
from webapp.requests import whole_number


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
        group_id = whole_number(value)
        group, _member = visible_group(group_id) if group_id is not None else abort(404)
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
        account_ids = accounts_for(session, council_id=council_id, scope="function", value=value)
        if not account_ids:  # not a service the council has moved money for
            abort(404)
        return council_id, _function_name(session, council_id, value), account_ids
    if scope == "council":
        council = session.get(Council, council_id)
        if council.slug != value:
            abort(404)
        return (
            council_id,
            council.name,
            accounts_for(session, council_id=council_id, scope="council", value=None),
        )
    abort(404)


def _function_name(session, council_id: int, key: str) -> str:
    """A service's name in the reader's language, from a claim for it; else its key."""
    from webapp.claims.models import Claim
    from webapp.claims.queries import claim_names

    claim = session.exec(
        select(Claim)
        .join(Area, Area.id == Claim.area_id)
        .where(Area.council_id == council_id, Claim.function_key == key)
    ).first()
    return claim_names(session, claim)[0] if claim else key


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
    return csv_download(statement_csv(result), f"statement-{scope}-{value}.csv")


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
    return csv_download(giving_csv(giving_package(get_session(), council)), f"360giving-{slug}.csv")
