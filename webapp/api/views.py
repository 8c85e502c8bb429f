from flask import abort, jsonify
from sqlmodel import select

from webapp.api import bp
from webapp.api.openapi import OPENAPI
from webapp.api.serialise import area_summary, menu, results, voting_round
from webapp.areas.models import Area, Council
from webapp.areas.services import area_menu, get_area
from webapp.claims.models import Claim
from webapp.db import get_session, utcnow
from webapp.extensions import csrf
from webapp.groups.models import Group
from webapp.ledger.giving import giving_package
from webapp.ledger.instalments import paid_totals
from webapp.ledger.models import Delegation
from webapp.voting.models import VotingRound
from webapp.voting.queries import round_menu
from webapp.voting.tally import tally_round

csrf.exempt(bp)  # read-only: GET requests only


def _council(slug: str) -> Council:
    council = get_session().exec(select(Council).where(Council.slug == slug)).first()
    if council is None:
        abort(404)
    return council


@bp.errorhandler(404)
def not_found(_exc):
    return jsonify(error="not found"), 404


@bp.get("/openapi.json")
def openapi():
    return jsonify(OPENAPI)


@bp.get("/areas")
def areas():
    session = get_session()
    rows = session.exec(
        select(Area, Council).join(Council, Council.id == Area.council_id).order_by(Area.name)
    )
    return jsonify(areas=[area_summary(area, council) for area, council in rows])


@bp.get("/areas/<slug>")
def area(slug: str):
    session = get_session()
    found = get_area(session=session, slug=slug)
    if found is None:
        abort(404)
    view = area_menu(session=session, area=found)
    return jsonify(area=area_summary(found, view.council), menu=menu(view))


@bp.get("/areas/<slug>/rounds")
def rounds(slug: str):
    session = get_session()
    found = get_area(session=session, slug=slug)
    if found is None:
        abort(404)
    now = utcnow()
    items = session.exec(
        select(VotingRound).where(VotingRound.area_id == found.id).order_by(VotingRound.opens_at)
    )
    return jsonify(rounds=[voting_round(r, found.slug, now) for r in items])


@bp.get("/rounds/<int:round_id>/results")
def round_results(round_id: int):
    session = get_session()
    found = session.get(VotingRound, round_id)
    if found is None or not found.is_closed(utcnow()):
        abort(404)  # results are published when a round closes
    view = round_menu(session=session, voting_round=found)
    return jsonify(results(tally_round(session=session, voting_round=found, menu=view)))


@bp.get("/councils/<slug>/delegations")
def delegations(slug: str):
    session = get_session()
    council = _council(slug)
    paid = paid_totals(session, council.id)
    rows = session.exec(
        select(Delegation, Claim, Area, Group)
        .join(Claim, Claim.id == Delegation.claim_id)
        .join(Area, Area.id == Delegation.area_id)
        .join(Group, Group.id == Delegation.group_id)
        .where(Delegation.council_id == council.id)
        .order_by(Delegation.id)
    )
    return jsonify(
        delegations=[
            {
                "id": d.id,
                "area": area.slug,
                "function": d.function_key,
                "group": group.name,
                "level": claim.level_key,
                "state": claim.state,
                "annual_budget_pence": d.annual_budget_pence,
                "uplift_pence": d.uplift_pence,
                "rebate_per_household_pence": d.rebate_per_household_pence,
                "schedule": d.schedule,
                "start_date": d.start_date.isoformat(),
                "end_date": d.end_date.isoformat(),
                "paid_pence": paid.get(d.id, 0),
            }
            for d, claim, area, group in rows
        ]
    )


@bp.get("/councils/<slug>/statement")
def statement(slug: str):
    """Money delegated and paid, per delegation: the council's public statement."""
    session = get_session()
    council = _council(slug)
    paid = paid_totals(session, council.id)
    rows = session.exec(
        select(Delegation).where(Delegation.council_id == council.id).order_by(Delegation.id)
    )
    lines = [
        {
            "delegation": d.id,
            "budget_pence": d.annual_budget_pence,
            "paid_pence": paid.get(d.id, 0),
        }
        for d in rows
    ]
    return jsonify(
        council=council.slug,
        lines=lines,
        budget_pence=sum(line["budget_pence"] for line in lines),
        paid_pence=sum(line["paid_pence"] for line in lines),
    )


@bp.get("/councils/<slug>/360giving")
def giving(slug: str):
    return jsonify(giving_package(get_session(), _council(slug)))
