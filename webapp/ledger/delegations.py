"""A delegation for every approved claim: its budget, instalments and ring-fenced uplift."""

from datetime import date, timedelta

from sqlmodel import Session, select

from webapp.areas.budget import OptionBudget, option_budget, uplift_for_decile
from webapp.areas.models import Area, Council, MenuVersion
from webapp.auth.models import User
from webapp.claims.models import Claim
from webapp.claims.monitoring import add_months
from webapp.claims.queries import claim_option
from webapp.errors import DomainError
from webapp.i18n import format_pence
from webapp.i18n import gettext as _
from webapp.ledger.models import AccountKind, Delegation, Instalment, Schedule
from webapp.ledger.posting import MAX_AMOUNT_PENCE, Leg, get_account, post

PERIODS = {Schedule.MONTHLY: (12, 1), Schedule.QUARTERLY: (4, 3), Schedule.ANNUAL: (1, 12)}


class BudgetTooLarge(DomainError):
    """More than one ledger line may hold: surely a slip in the households or the cost."""

    def __init__(self, total_pence: int):
        super().__init__(
            _(
                "This claim's budget would be %(budget)s a year, more than one delegation may "
                "hold (%(limit)s). Check the area's number of households and the menu's cost "
                "per household.",
                budget=format_pence(total_pence),
                limit=format_pence(MAX_AMOUNT_PENCE),
            )
        )


def split(total: int, parts: int) -> list[int]:
    """Equal parts in whole pence; the remainder pennies go on the last part."""
    share = total // parts
    return [share] * (parts - 1) + [total - share * (parts - 1)]


def instalment_plan(
    total: int, uplift: int, schedule: Schedule, start: date
) -> list[tuple[int, date, int, int]]:
    """(number, due date, amount, of which uplift) for one year of a delegation."""
    count, months = PERIODS[Schedule(schedule)]
    return [
        (n + 1, add_months(start, n * months), amount, uplift_part)
        for n, (amount, uplift_part) in enumerate(
            zip(split(total, count), split(uplift, count), strict=True)
        )
    ]


def budget_account(session: Session, council_id: int, function_key: str):
    return get_account(
        session,
        council_id=council_id,
        kind=AccountKind.BUDGET,
        key=f"budget:{function_key}",
        name=f"Council budget: {function_key}",
        function_key=function_key,
    )


def group_account(session: Session, delegation: Delegation):
    return get_account(
        session,
        council_id=delegation.council_id,
        kind=AccountKind.GROUP,
        key=f"group:{delegation.id}",
        name=f"Group account, delegation {delegation.id}",
        area_id=delegation.area_id,
        function_key=delegation.function_key,
        delegation_id=delegation.id,
    )


def uplift_account(session: Session, delegation: Delegation):
    return get_account(
        session,
        council_id=delegation.council_id,
        kind=AccountKind.UPLIFT,
        key=f"uplift:{delegation.area_id}:{delegation.id}",
        name=f"Deprivation uplift, area {delegation.area_id}, delegation {delegation.id}",
        area_id=delegation.area_id,
        function_key=delegation.function_key,
        delegation_id=delegation.id,
    )


def rebate_account(session: Session, council_id: int, area_id: int, function_key: str):
    return get_account(
        session,
        council_id=council_id,
        kind=AccountKind.REBATE,
        key=f"rebate:{area_id}:{function_key}",
        name=f"Rebates, area {area_id}: {function_key}",
        area_id=area_id,
        function_key=function_key,
    )


def claim_budget(session: Session, claim: Claim) -> OptionBudget:
    """The annual budget of a claim's option in its area, by the Budget rule; refused
    (BudgetTooLarge) beyond what one ledger line may hold, so that approval says so
    before anything changes."""
    area = session.get(Area, claim.area_id)
    version = session.get(MenuVersion, claim.menu_version_id)
    option = claim_option(session, claim)
    from webapp.areas.menu_content import menu_content

    function = next(
        f for f in menu_content(session, version).functions if f.key == claim.function_key
    )
    budget = option_budget(
        cost_per_household_pence=function.cost_per_household_pence,
        households=area.households,
        budget_share_bp=option.budget_share_bp,
        uplift_bp=uplift_for_decile(version.uplift_bp, area.deprivation_decile),
    )
    if budget.total_pence > MAX_AMOUNT_PENCE:
        raise BudgetTooLarge(budget.total_pence)
    return budget


def create_delegation(
    *, session: Session, claim: Claim, actor: User | None, schedule: Schedule = Schedule.QUARTERLY
) -> Delegation:
    """The delegation of an approved claim, by the Budget rule; the uplift is ring-fenced."""
    existing = session.exec(select(Delegation).where(Delegation.claim_id == claim.id)).first()
    if existing:
        return existing
    budget = claim_budget(session, claim)
    area = session.get(Area, claim.area_id)
    option = claim_option(session, claim)
    start = claim.start_date or date.today()
    delegation = Delegation(
        claim_id=claim.id,
        council_id=area.council_id,
        area_id=area.id,
        group_id=claim.group_id,
        function_key=claim.function_key,
        annual_budget_pence=budget.total_pence,
        uplift_pence=budget.uplift_pence,
        rebate_per_household_pence=option.rebate_per_household_pence,
        households=area.households,
        schedule=Schedule(schedule),
        start_date=start,
        end_date=add_months(start, 12) - timedelta(days=1),
    )
    session.add(delegation)
    session.flush()
    if budget.total_pence:
        for number, due_on, amount, uplift_part in instalment_plan(
            budget.total_pence, budget.uplift_pence, delegation.schedule, start
        ):
            session.add(
                Instalment(
                    delegation_id=delegation.id,
                    number=number,
                    due_on=due_on,
                    amount_pence=amount,
                    uplift_pence=uplift_part,
                )
            )
    if budget.uplift_pence:
        council_budget = budget_account(session, area.council_id, claim.function_key)
        post(
            session=session,
            council_id=area.council_id,
            idempotency_key=f"delegation:{delegation.id}:ring-fence-uplift",
            kind="ring_fence",
            description=f"Deprivation uplift ring-fenced to {area.name}",
            legs=[
                Leg(council_budget.id, -budget.uplift_pence),
                Leg(uplift_account(session, delegation).id, budget.uplift_pence),
            ],
            delegation_id=delegation.id,
            actor=actor,
        )
    session.flush()
    return delegation


def council_of(session: Session, delegation: Delegation) -> Council:
    return session.get(Council, delegation.council_id)
