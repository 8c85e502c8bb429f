"""A demo tenants' association with a claim waiting for review in Canal Side, its
evidence uploaded so that an officer can check the conditions off and decide."""

from datetime import date

from sqlmodel import Session, select

from webapp.areas.models import Area
from webapp.auth.models import User
from webapp.claims.evidence import store_evidence
from webapp.claims.models import Claim
from webapp.claims.queries import claim_option
from webapp.claims.services import draft_claim
from webapp.claims.workflow import transition
from webapp.demo.ledger import DEMO_PDF
from webapp.groups.models import Group, GroupKind
from webapp.groups.services import register_group

GROUP_NAME = "Canal Side Tenants' and Residents' Association"


def load_groups_demo(session: Session) -> None:
    """Create the group and its claim once; running it again changes nothing."""
    if session.exec(select(Group).where(Group.name == GROUP_NAME)).first():
        return
    lead = session.exec(select(User).where(User.email == "lead@ashworth.example")).one()
    area = session.exec(select(Area).where(Area.slug == "canal-side")).one()
    group = register_group(
        session=session,
        council_id=area.council_id,
        name=GROUP_NAME,
        kind=GroupKind.RESIDENTS_ASSOCIATION,
        contact_email="hello@canalside-tra.example",
        lead=lead,
        charity_number="1187654",
    )
    claim: Claim = draft_claim(
        session=session,
        group=group,
        area=area,
        function_key="grass-cutting",
        level_key="collaborate",
        by=lead,
        delivery="Monthly volunteer days weeding and replanting the shrub beds beside the canal path.",
        capability="Forty active members; two run the community garden and hold RHS Level 2.",
        finances="A bank account with two signatories; accounts examined each year.",
        involvement="A planting plan agreed at the association's open meeting each spring.",
        outcomes="Tidier beds, more pollinator planting and fewer complaints about litter.",
        start_date=date(2027, 4, 1),
    )
    transition(session=session, claim=claim, action="submit", actor=lead)
    for key in claim_option(session, claim).conditions:
        store_evidence(
            session=session,
            claim=claim,
            data=DEMO_PDF,
            filename=f"{key}.pdf",
            condition_key=key,
            by=lead,
        )
