"""Read-only views of delegations for public pages."""

from dataclasses import dataclass

from sqlmodel import Session, select

from webapp.areas.menu_content import menu_content
from webapp.areas.models import MenuVersion
from webapp.claims.models import Claim, ClaimState
from webapp.groups.models import Group
from webapp.ledger.models import Delegation


@dataclass
class HouseholdRebate:
    function: dict
    charge: dict
    group: str
    per_household_pence: int


def household_rebates(*, session: Session, area_id: int) -> list[HouseholdRebate]:
    """Each rebate a household in the area gets, from the delegations active there."""
    rows = session.exec(
        select(Delegation, Claim, Group)
        .join(Claim, Claim.id == Delegation.claim_id)
        .join(Group, Group.id == Delegation.group_id)
        .where(
            Delegation.area_id == area_id,
            Delegation.rebate_per_household_pence > 0,
            Claim.state == ClaimState.ACTIVE,
        )
    ).all()
    rebates = []
    for delegation, claim, group in rows:
        content = menu_content(session, session.get(MenuVersion, claim.menu_version_id))
        function = next(f for f in content.functions if f.key == delegation.function_key)
        rebates.append(
            HouseholdRebate(
                function.name, function.charge, group.name, delegation.rebate_per_household_pence
            )
        )
    return rebates
