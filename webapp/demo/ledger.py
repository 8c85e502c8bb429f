"""A demo delegation with money moving: Little Hadley's parish council cuts the verges."""

from datetime import date

from sqlmodel import Session, select

from webapp.areas.models import Area
from webapp.auth.models import User
from webapp.claims.evidence import store_evidence
from webapp.claims.models import Claim
from webapp.claims.queries import claim_option
from webapp.claims.services import check_condition, draft_claim
from webapp.claims.workflow import override_mandate, transition
from webapp.groups.models import Group, GroupKind
from webapp.groups.services import register_group
from webapp.ledger.instalments import approve_instalment, pay_instalment, request_instalment
from webapp.ledger.models import Delegation, Instalment
from webapp.ledger.rebates import post_rebate

GROUP_NAME = "Little Hadley Parish Council"
# A one-page PDF: the demo's stand-in for the evidence a real group would upload.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _user(session: Session, email: str) -> User:
    return session.exec(select(User).where(User.email == email)).one()


def load_ledger_demo(session: Session) -> None:
    """Create the delegation, pay two instalments and post two quarters of rebates, once."""
    if session.exec(select(Group).where(Group.name == GROUP_NAME)).first():
        return
    lead, officer = (
        _user(session, "lead@ashworth.example"),
        _user(session, "officer@millbrook.example"),
    )
    finance = _user(session, "finance@millbrook.example")
    area = session.exec(select(Area).where(Area.slug == "little-hadley")).one()
    group = register_group(
        session=session,
        council_id=area.council_id,
        name=GROUP_NAME,
        kind=GroupKind.PARISH_COUNCIL,
        contact_email="clerk@littlehadley-pc.example",
        lead=lead,
    )
    claim: Claim = draft_claim(
        session=session,
        group=group,
        area=area,
        function_key="verge-cutting",
        level_key="delegate",
        by=lead,
        start_date=date(2026, 4, 1),
        delivery="The parish lengthsman cuts the village verges and visibility splays six times a year.",
        capability="The parish has employed a trained lengthsman since 2019 and owns its own mower.",
        finances="Parish accounts are audited externally every year; payments need two councillors.",
        involvement="Verge cutting dates and wildflower strips are agreed at the parish meeting.",
        outcomes="Safer junctions, longer wildflower strips and a local person employed.",
    )
    override_mandate(
        session=session,
        claim=claim,
        actor=officer,
        reason="The parish has cut these verges under an agency agreement since 2019; no vote has been held yet.",
    )
    transition(session=session, claim=claim, action="submit", actor=lead)
    transition(session=session, claim=claim, action="start_review", actor=officer)
    for key in claim_option(session, claim).conditions:
        evidence = store_evidence(
            session=session,
            claim=claim,
            data=DEMO_PDF,
            filename=f"{key}.pdf",
            condition_key=key,
            by=lead,
        )
        check_condition(
            session=session, claim=claim, condition_key=key, evidence_id=evidence.id, by=officer
        )
    for action in ("approve", "activate"):
        transition(session=session, claim=claim, action=action, actor=officer)
    delegation = session.exec(select(Delegation).where(Delegation.claim_id == claim.id)).one()
    for instalment in session.exec(
        select(Instalment)
        .where(Instalment.delegation_id == delegation.id)
        .order_by(Instalment.number)
        .limit(2)
    ):
        request_instalment(session=session, instalment_id=instalment.id, actor=lead)
        approve_instalment(session=session, instalment_id=instalment.id, officer=finance)
        pay_instalment(session=session, instalment_id=instalment.id, officer=finance)
    for period in ("2026-Q2", "2026-Q3"):
        post_rebate(session=session, delegation=delegation, period=period, actor=finance)
