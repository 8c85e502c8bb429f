"""The officers' queues: what waits for a decision, filtered, sorted and paged in SQL."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, literal
from sqlmodel import Session, select

from webapp.admin.filters import Filters
from webapp.admin.paging import Page, page_of
from webapp.areas.models import Area
from webapp.auth.models import User
from webapp.claims.models import Claim, ClaimState, MonitoringReport
from webapp.db import utcnow
from webapp.groups.models import Group
from webapp.ledger.models import Delegation, Instalment, InstalmentApproval, InstalmentState
from webapp.ledger.statements import uk_midnight
from webapp.voting.models import VotingRound

CLAIM_STATES = tuple(s.value for s in ClaimState)
CLAIM_QUEUE_STATES = (ClaimState.SUBMITTED, ClaimState.UNDER_REVIEW)
CLAIM_SORTS = ("submitted", "-submitted", "area", "group")
INSTALMENT_STATES = tuple(s.value for s in InstalmentState)
INSTALMENT_QUEUE_STATES = (InstalmentState.REQUESTED, InstalmentState.APPROVED)
INSTALMENT_SORTS = ("due", "-due", "amount", "-amount", "area")
NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def claim_queue(session: Session, *, council_id: int, f: Filters) -> Page:
    lookup = (
        select(Claim, Area, Group)
        .join(Area, Area.id == Claim.area_id)
        .join(Group, Group.id == Claim.group_id)
        .where(Area.council_id == council_id)
    )
    query = (
        lookup.where(Claim.state == f.status)
        if f.status
        else lookup.where(Claim.state.in_(CLAIM_QUEUE_STATES))
    )
    if f.area:
        query = query.where(Area.slug == f.area)
    if f.function:
        query = query.where(Claim.function_key == f.function)
    if f.q:
        escaped = f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Group.name.ilike(f"%{escaped}%", escape="\\"))
    if f.date_from:
        query = query.where(Claim.submitted_at >= uk_midnight(f.date_from))
    if f.date_to:
        query = query.where(Claim.submitted_at < uk_midnight(f.date_to + timedelta(days=1)))
    # Drafts have no submitted_at; a NULL would fall out of the keyset comparisons.
    submitted = func.coalesce(Claim.submitted_at, literal(NEVER, Claim.submitted_at.type))
    order = {
        "-submitted": [(submitted, True), (Claim.id, True)],
        "area": [(Area.name, False), (Claim.id, False)],
        "group": [(Group.name, False), (Claim.id, False)],
    }.get(f.sort, [(submitted, False), (Claim.id, False)])
    return page_of(session, query, lookup=lookup, f=f, order=order, id_column=Claim.id)


def instalment_queue(session: Session, *, council_id: int, f: Filters) -> Page:
    lookup = (
        select(Instalment, Delegation, Area, Group)
        .join(Delegation, Delegation.id == Instalment.delegation_id)
        .join(Area, Area.id == Delegation.area_id)
        .join(Group, Group.id == Delegation.group_id)
        .where(Delegation.council_id == council_id)
    )
    if f.status:
        query = lookup.where(Instalment.state == f.status)
    else:
        query = lookup.where(Instalment.state.in_(INSTALMENT_QUEUE_STATES))
    if f.area:
        query = query.where(Area.slug == f.area)
    if f.function:
        query = query.where(Delegation.function_key == f.function)
    if f.min_pence is not None:
        query = query.where(Instalment.amount_pence >= f.min_pence)
    if f.max_pence is not None:
        query = query.where(Instalment.amount_pence <= f.max_pence)
    if f.date_from:
        query = query.where(Instalment.due_on >= f.date_from)
    if f.date_to:
        query = query.where(Instalment.due_on <= f.date_to)
    if f.q:
        escaped = f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Group.name.ilike(f"%{escaped}%", escape="\\"))
    order = {
        "-due": [(Instalment.due_on, True), (Instalment.id, True)],
        "amount": [(Instalment.amount_pence, False), (Instalment.id, False)],
        "-amount": [(Instalment.amount_pence, True), (Instalment.id, False)],
        "area": [(Area.name, False), (Instalment.id, False)],
    }.get(f.sort, [(Instalment.due_on, False), (Instalment.id, False)])
    return page_of(session, query, lookup=lookup, f=f, order=order, id_column=Instalment.id)


def approvers_of(session: Session, instalment_ids: list[int]) -> dict[int, list[User]]:
    """Who has approved each instalment on a page, in one query."""
    found: dict[int, list[User]] = {i: [] for i in instalment_ids}
    if not instalment_ids:
        return found
    rows = session.exec(
        select(InstalmentApproval.instalment_id, User)
        .join(User, User.id == InstalmentApproval.officer_id)
        .where(InstalmentApproval.instalment_id.in_(instalment_ids))
        .order_by(InstalmentApproval.id)
    )
    for instalment_id, user in rows:
        found[instalment_id].append(user)
    return found


def queue_counts(session: Session, *, council_id: int) -> dict[str, int]:
    """The numbers in the admin navigation."""
    now = utcnow()
    soon = now + timedelta(days=7)
    claims = session.exec(
        select(func.count())
        .select_from(Claim)
        .join(Area, Area.id == Claim.area_id)
        .where(Area.council_id == council_id, Claim.state.in_(CLAIM_QUEUE_STATES))
    ).one()
    instalments = session.exec(
        select(func.count())
        .select_from(Instalment)
        .join(Delegation, Delegation.id == Instalment.delegation_id)
        .where(Delegation.council_id == council_id, Instalment.state.in_(INSTALMENT_QUEUE_STATES))
    ).one()
    rounds = session.exec(
        select(func.count())
        .select_from(VotingRound)
        .join(Area, Area.id == VotingRound.area_id)
        .where(
            Area.council_id == council_id,
            ((VotingRound.opens_at > now) & (VotingRound.opens_at <= soon))
            | ((VotingRound.closes_at > now) & (VotingRound.closes_at <= soon)),
        )
    ).one()
    reports = session.exec(
        select(func.count())
        .select_from(MonitoringReport)
        .join(Claim, Claim.id == MonitoringReport.claim_id)
        .join(Area, Area.id == Claim.area_id)
        .where(
            Area.council_id == council_id,
            MonitoringReport.submitted_at.is_(None),
            MonitoringReport.due_on < now.date(),
            Claim.state == ClaimState.ACTIVE,
        )
    ).one()
    return {"claims": claims, "instalments": instalments, "rounds": rounds, "reports": reports}


def rounds_soon(session: Session, *, council_id: int) -> list[tuple[VotingRound, Area]]:
    now = utcnow()
    soon = now + timedelta(days=7)
    return list(
        session.exec(
            select(VotingRound, Area)
            .join(Area, Area.id == VotingRound.area_id)
            .where(
                Area.council_id == council_id,
                ((VotingRound.opens_at > now) & (VotingRound.opens_at <= soon))
                | ((VotingRound.closes_at > now) & (VotingRound.closes_at <= soon)),
            )
            .order_by(VotingRound.opens_at)
        )
    )


def overdue_reports(
    session: Session, *, council_id: int
) -> list[tuple[MonitoringReport, Claim, Area, Group]]:
    return list(
        session.exec(
            select(MonitoringReport, Claim, Area, Group)
            .join(Claim, Claim.id == MonitoringReport.claim_id)
            .join(Area, Area.id == Claim.area_id)
            .join(Group, Group.id == Claim.group_id)
            .where(
                Area.council_id == council_id,
                MonitoringReport.submitted_at.is_(None),
                MonitoringReport.due_on < utcnow().date(),
                Claim.state == ClaimState.ACTIVE,
            )
            .order_by(MonitoringReport.due_on)
        )
    )
