"""Who hears about a claim: its group's members and its council's staff."""

from sqlmodel import Session, select

from webapp.areas.models import Area
from webapp.auth.models import COUNCIL_ROLES, User
from webapp.claims.models import Claim
from webapp.groups.models import Membership


def claim_audience(session: Session, claim: Claim) -> list[User]:
    area = session.get(Area, claim.area_id)
    members = session.exec(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.group_id == claim.group_id)
    )
    staff = session.exec(
        select(User).where(
            User.council_id == area.council_id, User.role.in_(COUNCIL_ROLES), User.active
        )
    )
    return [*members, *staff]
