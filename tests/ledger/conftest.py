from dataclasses import dataclass

import pytest
from sqlmodel import select

from tests.claims.conftest import TEXTS, approve_ready
from tests.factories import (
    add_member,
    create_area,
    create_council,
    create_group,
    create_household,
    create_menu,
    create_officer,
    create_user,
)
from webapp.auth.models import Role
from webapp.claims.services import draft_claim
from webapp.claims.workflow import override_mandate, transition
from webapp.ledger.models import Delegation, Instalment


@dataclass
class World:
    council: object
    area: object
    group: object
    lead: object
    treasurer: object
    officer: object
    approver: object
    second_approver: object
    claim: object
    delegation: Delegation | None = None


def make_world(
    app,
    session,
    *,
    households=1000,
    decile=2,
    threshold=500_000,
    activate=True,
    cost=2400,
    schedule=None,
) -> World:
    council = create_council(
        session,
        large_transfer_threshold_pence=threshold,
        giving_prefix="360G-testshire",
        org_identifier="GB-LAE-TST",
    )
    area = create_area(
        session,
        council=council,
        menu=create_menu(session, council, cost=cost),
        households=households,
        deprivation_decile=decile,
    )
    lead = create_user(session)
    group = create_group(session, council=council, lead=lead, charity_number="1187654")
    treasurer = add_member(session, group, role="treasurer")
    officer = create_officer(session, area)
    approver = create_officer(session, area, role=Role.FINANCE_APPROVER)
    second = create_officer(session, area, role=Role.FINANCE_APPROVER)
    claim = draft_claim(
        session=session,
        group=group,
        area=area,
        function_key="grass-cutting",
        level_key="delegate",
        by=lead,
        **TEXTS,
    )
    override_mandate(session=session, claim=claim, actor=officer, reason="Test world")
    approve_ready(session, app, claim, lead=lead, officer=officer)
    transition(session=session, claim=claim, action="approve", actor=officer, schedule=schedule)
    if activate:
        transition(session=session, claim=claim, action="activate", actor=officer)
    world = World(council, area, group, lead, treasurer, officer, approver, second, claim)
    world.delegation = session.exec(select(Delegation).where(Delegation.claim_id == claim.id)).one()
    return world


def submitted_claim(session, world, *, reason: str = "test"):
    """Another claim of the world's group in its area (caretaking, with the vote
    overridden for `reason`), submitted."""
    claim = draft_claim(
        session=session,
        group=world.group,
        area=world.area,
        function_key="caretaking",
        level_key="consult",
        by=world.lead,
        **TEXTS,
    )
    claim.mandate_override_reason = reason
    transition(session=session, claim=claim, action="submit", actor=world.lead)
    return claim


def instalments(session, world):
    """The world's delegation's instalments, in order."""
    return session.exec(
        select(Instalment)
        .where(Instalment.delegation_id == world.delegation.id)
        .order_by(Instalment.number)
    ).all()


@pytest.fixture
def world(app, db_session):
    return make_world(app, db_session)


REGISTERED = 4  # households on the register of the world's area (rebates are for these)


@pytest.fixture
def register(db_session, world) -> list[str]:
    """The UPRNs of the households on the register of the world's area."""
    return [create_household(db_session, area=world.area).uprn for _ in range(REGISTERED)]
