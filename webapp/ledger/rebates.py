"""Rebates on a local charge: posted per delegation and period, exported per household."""

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from webapp.areas.budget import round_pence
from webapp.areas.menu_content import menu_content
from webapp.areas.models import MenuVersion
from webapp.audit.services import record_event
from webapp.audit.wording import pence, worded
from webapp.audit.wording import period as period_value
from webapp.auth.models import User
from webapp.claims.models import Claim
from webapp.claims.queries import locked_claim
from webapp.csvfiles import csv_text
from webapp.errors import DomainError
from webapp.i18n import lazy_gettext as _l
from webapp.ledger.delegations import budget_account, rebate_account
from webapp.ledger.instalments import ensure_active
from webapp.ledger.models import Delegation, RebateHousehold, RebatePosting
from webapp.ledger.posting import AlreadyPosted, LedgerTransaction, Leg, lock_chain_head, post
from webapp.voting.models import Household

PERIOD = re.compile(r"^(20[0-9]{2})(?:-(Q[1-4]|0[1-9]|1[0-2]))?$")


class PeriodInvalid(DomainError):
    message = _l("A period is a year (2027), a quarter (2027-Q1) or a month (2027-04).")


class NoRebate(DomainError):
    message = _l("This delegation grants no rebate.")


class PeriodOverlaps(DomainError):
    message = _l(
        "Rebates for part of this period have already been posted, so it was not posted: "
        "choose a period that does not overlap one already posted."
    )


class NothingDue(DomainError):
    message = _l(
        "Nothing is due for this period: shared out over the year, the rebate comes to less "
        "than a penny a household for it. Nothing was posted."
    )


class NoHouseholds(DomainError):
    message = _l(
        "No households are on this area's register, so there is no one to give a rebate to. "
        "Nothing was posted: import the household register first."
    )


class PeriodOutsideDelegation(DomainError):
    message = _l("This period is outside the delegation's dates, so no rebates were posted for it.")


@dataclass(frozen=True)
class Period:
    """A rebate period: the index-th of per_year equal parts of a calendar year."""

    year: int
    index: int
    per_year: int

    @property
    def months(self) -> frozenset[tuple[int, int]]:
        """The (year, month) pairs the period covers."""
        span = 12 // self.per_year
        first = (self.index - 1) * span + 1
        return frozenset((self.year, month) for month in range(first, first + span))

    def months_within(self, start: date, end: date) -> list[int]:
        """The period's months (1 to 12) that start..end touches."""
        first, last = (start.year, start.month), (end.year, end.month)
        return sorted(month for year, month in self.months if first <= (year, month) <= last)


def months_part(per_year_pence: int, months: list[int]) -> int:
    """Whole pence of a yearly amount for these whole months of a year: month m gets
    rate*m//12 - rate*(m-1)//12, so a year's months, quarters or whole add up to the
    yearly amount exactly."""
    return sum(per_year_pence * m // 12 - per_year_pence * (m - 1) // 12 for m in months)


def period_part(per_year_pence: int, period: Period, start: date, end: date) -> int:
    """Whole pence of a yearly amount for the days of the period within start..end
    (both included).

    A month wholly within the dates gets its share of the year (months_part); the
    month a delegation starts or ends in part way gets that share by days covered,
    rounded half to even. A delegation year starting on the 15th of April is paid
    for twelve months, not for two whole Aprils.
    """
    total = 0
    for month in period.months_within(start, end):
        share = months_part(per_year_pence, [month])
        days = monthrange(period.year, month)[1]
        first, last = date(period.year, month, 1), date(period.year, month, days)
        covered = (min(end, last) - max(start, first)).days + 1
        total += share if covered == days else round_pence(Decimal(share * covered) / days)
    return total


def parse_period(period: str) -> Period:
    match = PERIOD.match(period or "")
    if not match:
        raise PeriodInvalid()
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        return Period(year, 1, 1)
    if part.startswith("Q"):
        return Period(year, int(part[1]), 4)
    return Period(year, int(part), 12)


def _ensure_no_overlap(session: Session, delegation: Delegation, period: Period) -> None:
    """Refuse a period sharing a month with one posted before (a year, then its quarter)."""
    posted = session.exec(
        select(RebatePosting.period).where(RebatePosting.delegation_id == delegation.id)
    ).all()
    for other in map(parse_period, posted):
        if other == period:
            raise AlreadyPosted()
        if other.months & period.months:
            raise PeriodOverlaps()


def _due_per_household(session: Session, delegation: Delegation, period: Period) -> int:
    """Each household's pence for the period, once every rule allows posting it."""
    if not delegation.rebate_per_household_pence:
        raise NoRebate()
    ensure_active(locked_claim(session, delegation.claim_id))
    months = period.months_within(delegation.start_date, delegation.end_date)
    if not months:
        raise PeriodOutsideDelegation()
    # Under the council's chain lock, so two postings of overlapping periods queue here.
    lock_chain_head(session, delegation.council_id)
    _ensure_no_overlap(session, delegation, period)
    per_household = period_part(
        delegation.rebate_per_household_pence, period, delegation.start_date, delegation.end_date
    )
    if not per_household:
        raise NothingDue()
    return per_household


def post_rebate(
    *, session: Session, delegation: Delegation, period: str, actor: User | None
) -> RebatePosting:
    """Rebate per household x households for one period, into the area's rebate account."""
    per_household = _due_per_household(session, delegation, parse_period(period))
    # The households on the register now: the ledger and the billing export both count these.
    uprns = _registered_uprns(session, delegation.area_id)
    if not uprns:
        raise NoHouseholds()
    transaction = _post_rebates(session, delegation, period, per_household * len(uprns), actor)
    posting = RebatePosting(
        delegation_id=delegation.id,
        period=period,
        per_household_pence=per_household,
        households=len(uprns),
        transaction_id=transaction.id,
    )
    session.add(posting)
    session.flush()
    session.add_all(RebateHousehold(rebate_posting_id=posting.id, uprn=uprn) for uprn in uprns)
    record_event(
        session=session,
        object_type="delegation",
        object_id=delegation.id,
        action="rebates_posted",
        actor=actor,
        council_id=delegation.council_id,
        reason=worded(
            "rebates_posted",
            period=period_value(period),
            amount=pence(per_household * len(uprns)),
            households=len(uprns),
        ),
    )
    return posting


def _registered_uprns(session: Session, area_id: int) -> list[str]:
    return list(
        session.exec(
            select(Household.uprn).where(Household.area_id == area_id).order_by(Household.uprn)
        )
    )


def _post_rebates(
    session: Session, delegation: Delegation, period: str, total: int, actor: User | None
) -> LedgerTransaction:
    """The ledger side: the council's budget for the function to the area's rebate account."""
    council_id, function_key = delegation.council_id, delegation.function_key
    return post(
        session=session,
        council_id=council_id,
        idempotency_key=f"rebate:{delegation.id}:{period}",
        kind="rebate",
        description=f"Rebates for {period}, delegation {delegation.id}",
        legs=[
            Leg(budget_account(session, council_id, function_key).id, -total),
            Leg(rebate_account(session, council_id, delegation.area_id, function_key).id, total),
        ],
        delegation_id=delegation.id,
        actor=actor,
    )


def charge_name(session: Session, delegation: Delegation) -> str:
    claim = session.get(Claim, delegation.claim_id)
    content = menu_content(session, session.get(MenuVersion, claim.menu_version_id))
    function = next((f for f in content.functions if f.key == delegation.function_key), None)
    return function.charge.get("en", "") if function else ""


def rebate_export_csv(*, session: Session, delegation: Delegation) -> str:
    """One row per household and posted period (the households each posting was for):
    UPRN, charge, period, amount in pence; the rows add up to what the ledger posted."""
    charge = charge_name(session, delegation)
    rows = session.exec(
        select(RebateHousehold.uprn, RebatePosting.period, RebatePosting.per_household_pence)
        .join(RebatePosting, RebatePosting.id == RebateHousehold.rebate_posting_id)
        .where(RebatePosting.delegation_id == delegation.id)
        .order_by(RebatePosting.period, RebateHousehold.uprn)
    )
    return csv_text(
        ["uprn", "charge", "period", "amount_pence"],
        ([uprn, charge, period, amount] for uprn, period, amount in rows),
    )
