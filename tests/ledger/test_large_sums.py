"""Money beyond 2^31 pence (about £21.4 million), which PostgreSQL's INTEGER cannot hold:
every amount is 64-bit, and one beyond what a ledger line holds is refused, not a 500."""

import html

from sqlmodel import select

from tests.admin.conftest import HX
from tests.claims.conftest import TEXTS, approve_ready
from tests.factories import (
    add_member,
    create_area,
    create_council,
    create_group,
    create_menu,
    create_officer,
    create_user,
)
from tests.ledger.conftest import instalments, make_world
from webapp.admin.filters import parse_filters
from webapp.claims.models import ClaimState
from webapp.claims.services import draft_claim
from webapp.claims.workflow import override_mandate
from webapp.ledger.delegations import group_account
from webapp.ledger.instalments import (
    approve_instalment,
    paid_total,
    pay_instalment,
    request_instalment,
)
from webapp.ledger.models import Delegation
from webapp.ledger.posting import balance

# £10,000 a household (the most a menu file allows) for 20,000 households, half of it for
# "delegate", and a quarter more for decile 2: £125m a year, £31.25m a quarter.
LARGE = {"cost": 1_000_000, "households": 20_000}
BUDGET = 12_500_000_000
QUARTER = 3_125_000_000


def test_a_budget_beyond_32_bits_is_delegated_paid_and_stated(app, client, auth, db_session):
    world = make_world(app, db_session, **LARGE)
    delegation = world.delegation
    assert (delegation.annual_budget_pence, delegation.uplift_pence) == (BUDGET, 2_500_000_000)
    plan = instalments(db_session, world)
    assert [i.amount_pence for i in plan] == [QUARTER] * 4
    for instalment in plan:  # each is large: two approvers
        request_instalment(session=db_session, instalment_id=instalment.id, actor=world.treasurer)
        approve_instalment(session=db_session, instalment_id=instalment.id, officer=world.approver)
        approve_instalment(
            session=db_session, instalment_id=instalment.id, officer=world.second_approver
        )
        pay_instalment(session=db_session, instalment_id=instalment.id, officer=world.approver)
    held = balance(db_session, group_account(db_session, delegation).id)
    paid = paid_total(db_session, delegation.id)
    # PostgreSQL adds up BIGINTs as NUMERIC: the app still gets whole pence as an int.
    assert (held, paid) == (BUDGET, BUDGET) and type(held) is int and type(paid) is int
    db_session.commit()
    auth.login(world.officer.email)
    statement = client.get(f"/statements/group/{world.group.id}").get_data(as_text=True)
    assert "£125,000,000.00" in statement and "£31,250,000.00" in statement
    csv_text = client.get(f"/statements/group/{world.group.id}.csv").get_data(as_text=True)
    lines = csv_text.splitlines()
    assert lines[-2].endswith(f",{QUARTER},{BUDGET}") and lines[-1].endswith(f",{BUDGET}")
    page = client.get(f"/delegations/{delegation.id}").get_data(as_text=True)
    assert page.count("£125,000,000.00") >= 2  # the budget, and paid so far
    overview = client.get("/admin/overview").get_data(as_text=True)
    assert overview.count("£125,000,000.00") >= 2
    public = client.get(f"/api/v1/councils/{world.council.slug}/statement").get_json()
    assert (public["budget_pence"], public["paid_pence"]) == (BUDGET, BUDGET)


def _claim_under_review(app, session, **area_fields):
    """A claim for "delegate" grass cutting, under review with every condition met, and
    the officer who decides it."""
    council = create_council(session)
    menu = create_menu(session, council, cost=area_fields.pop("cost"))
    area = create_area(session, council=council, menu=menu, deprivation_decile=2, **area_fields)
    lead = create_user(session)
    group = create_group(session, council=council, lead=lead)
    add_member(session, group, role="treasurer")
    officer = create_officer(session, area)
    claim = draft_claim(
        session=session,
        group=group,
        area=area,
        function_key="grass-cutting",
        level_key="delegate",
        by=lead,
        **TEXTS,
    )
    override_mandate(session=session, claim=claim, actor=officer, reason="Test")
    approve_ready(session, app, claim, lead=lead, officer=officer)
    session.commit()
    return claim, officer


def _delegation(session, claim):
    return session.exec(select(Delegation).where(Delegation.claim_id == claim.id)).first()


def test_an_officer_approves_a_budget_beyond_32_bits_inline(app, client, auth, db_session):
    claim, officer = _claim_under_review(app, db_session, **LARGE)
    auth.login(officer.email)
    response = client.post(f"/admin/claims/{claim.id}/approve", headers=HX)
    assert response.status_code == 200
    assert _delegation(db_session, claim).annual_budget_pence == BUDGET


# 2,000,000 households at £10,000, half, plus a quarter: £12.5 billion a year.
ABSURD = {"cost": 1_000_000, "households": 2_000_000}
REFUSAL = (
    "This claim's budget would be £12,500,000,000.00 a year, more than one delegation may "
    "hold (£10,000,000,000.00)."
)


def test_a_budget_beyond_a_ledger_line_is_refused_inline_and_nothing_changes(
    app, client, auth, db_session
):
    claim, officer = _claim_under_review(app, db_session, **ABSURD)
    auth.login(officer.email)
    response = client.post(f"/admin/claims/{claim.id}/approve", headers=HX)
    assert response.status_code == 422
    assert REFUSAL in html.unescape(response.get_data(as_text=True))
    db_session.refresh(claim)
    assert claim.state == ClaimState.UNDER_REVIEW and _delegation(db_session, claim) is None


def test_a_budget_beyond_a_ledger_line_is_refused_on_the_claim_page_and_nothing_changes(
    app, client, auth, db_session
):
    """The claim page commits what a refused action leaves: the refusal comes before any change."""
    claim, officer = _claim_under_review(app, db_session, **ABSURD)
    auth.login(officer.email)
    page = client.post(f"/claims/{claim.id}/actions/approve", follow_redirects=True)
    assert REFUSAL in html.unescape(page.get_data(as_text=True))
    db_session.refresh(claim)
    assert claim.state == ClaimState.UNDER_REVIEW and _delegation(db_session, claim) is None


def test_the_amount_filters_go_as_far_as_a_ledger_line(app):
    with app.test_request_context():
        within = parse_filters({"min": "5000000000"}, statuses=(), sorts=())
        beyond = parse_filters({"min": "10000000001"}, statuses=(), sorts=())
    assert within.min_pence == 500_000_000_000 and not within.problems
    assert beyond.min_pence is None and beyond.problems
