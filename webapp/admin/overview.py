"""The council at a glance: who runs what where, money delegated and paid, turnout."""

from dataclasses import dataclass, field

from sqlalchemy import case, func
from sqlmodel import Session, select

from webapp.areas.models import Area
from webapp.claims.models import Claim
from webapp.claims.queries import claim_names
from webapp.csvfiles import csv_text
from webapp.groups.models import Group
from webapp.ledger.models import Delegation, Instalment, InstalmentState, RebatePosting
from webapp.voting.models import Ballot, BallotCode, VotingRound
from webapp.voting.turnout import code_in_turnout_base


@dataclass
class Row:
    area: str
    function_key: str
    group: str
    level: str
    state: str
    budget_pence: int
    paid_pence: int
    rebates_pence: int
    # The menu's names for the function and level, in the reader's language (the CSV keeps keys).
    function_name: str = ""
    level_name: str = ""


@dataclass
class Turnout:
    area: str
    round_id: int
    ballots: int
    eligible: int

    @property
    def turnout_bp(self) -> int:
        """Cut, never rounded, as on the results page: 17.96% must not read as an 18% quorum."""
        return 10_000 * self.ballots // self.eligible if self.eligible else 0


@dataclass
class Overview:
    rows: list[Row] = field(default_factory=list)
    turnout: list[Turnout] = field(default_factory=list)

    @property
    def budget_pence(self) -> int:
        return sum(r.budget_pence for r in self.rows)

    @property
    def paid_pence(self) -> int:
        return sum(r.paid_pence for r in self.rows)

    @property
    def rebates_pence(self) -> int:
        return sum(r.rebates_pence for r in self.rows)


def overview(session: Session, *, council_id: int) -> Overview:
    paid = (
        select(
            Instalment.delegation_id,
            func.sum(
                case((Instalment.state == InstalmentState.PAID, Instalment.amount_pence), else_=0)
            ).label("paid"),
        )
        .group_by(Instalment.delegation_id)
        .subquery()
    )
    rebates = (
        select(
            RebatePosting.delegation_id,
            func.sum(RebatePosting.per_household_pence * RebatePosting.households).label("rebates"),
        )
        .group_by(RebatePosting.delegation_id)
        .subquery()
    )
    rows = session.exec(
        select(Delegation, Claim, Area, Group, paid.c.paid, rebates.c.rebates)
        .join(Claim, Claim.id == Delegation.claim_id)
        .join(Area, Area.id == Delegation.area_id)
        .join(Group, Group.id == Delegation.group_id)
        .outerjoin(paid, paid.c.delegation_id == Delegation.id)
        .outerjoin(rebates, rebates.c.delegation_id == Delegation.id)
        .where(Delegation.council_id == council_id)
        .order_by(Area.name, Delegation.function_key)
    ).all()
    data = Overview()
    for delegation, claim, area, group, paid_pence, rebate_pence in rows:
        function_name, level_name = claim_names(session, claim)
        data.rows.append(
            Row(
                area.name,
                delegation.function_key,
                group.name,
                claim.level_key,
                claim.state,
                delegation.annual_budget_pence,
                int(paid_pence or 0),
                int(rebate_pence or 0),
                function_name,
                level_name,
            )
        )
    ballots = select(Ballot.round_id, func.count().label("n")).group_by(Ballot.round_id).subquery()
    codes = (
        select(BallotCode.round_id, func.count().label("n"))
        .where(code_in_turnout_base())
        .group_by(BallotCode.round_id)
        .subquery()
    )
    for voting_round, area, n_ballots, n_codes in session.exec(
        select(VotingRound, Area, ballots.c.n, codes.c.n)
        .join(Area, Area.id == VotingRound.area_id)
        .outerjoin(ballots, ballots.c.round_id == VotingRound.id)
        .outerjoin(codes, codes.c.round_id == VotingRound.id)
        .where(Area.council_id == council_id)
        .order_by(VotingRound.opens_at.desc())
    ):
        data.turnout.append(
            Turnout(area.name, voting_round.id, int(n_ballots or 0), int(n_codes or 0))
        )
    return data


def overview_csv(data: Overview) -> str:
    header = [
        "area",
        "function",
        "group",
        "level",
        "state",
        "budget_pence",
        "paid_pence",
        "rebates_pence",
    ]
    return csv_text(
        header,
        (
            [
                r.area,
                r.function_key,
                r.group,
                r.level,
                r.state,
                r.budget_pence,
                r.paid_pence,
                r.rebates_pence,
            ]
            for r in data.rows
        ),
    )
