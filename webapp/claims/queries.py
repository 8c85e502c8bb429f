"""Reading claims for pages: titles, the claimed option, lists."""

from sqlmodel import Session, select

from webapp.areas.menu_content import Option, menu_content
from webapp.areas.models import Area, MenuVersion
from webapp.claims.models import Claim, ClaimState
from webapp.groups.models import Group
from webapp.i18n import translated


def _name_texts(session: Session, claim: Claim) -> tuple[dict | str, dict | str]:
    """The claimed function's and level's names in every language the menu gives
    ({"en": ..., "cy": ...}), or their keys."""
    content = menu_content(session, session.get(MenuVersion, claim.menu_version_id))
    function = next((f for f in content.functions if f.key == claim.function_key), None)
    level = next((lv for lv in content.levels if lv.key == claim.level_key), None)
    return (
        function.name if function else claim.function_key,
        level.name if level else claim.level_key,
    )


def condition_name_text(session: Session, claim: Claim, key: str) -> dict | str:
    """A condition's name in every language the claim's menu gives, or its key."""
    content = menu_content(session, session.get(MenuVersion, claim.menu_version_id))
    return content.conditions.get(key) or key


def claim_names(session: Session, claim: Claim) -> tuple[str, str]:
    """The claimed function's and level's names, in the reader's language."""
    function, level = _name_texts(session, claim)
    return tuple(translated(name) if isinstance(name, dict) else name for name in (function, level))


def ladder_names(session: Session, version: MenuVersion | None) -> dict[str, str]:
    """Level key -> the menu's name for it, in the reader's language."""
    if version is None:
        return {}
    return {level.key: translated(level.name) for level in menu_content(session, version).levels}


def describe(session: Session, claim: Claim) -> dict:
    """Names for messages about a claim. The menu's names are kept in every language, so
    that each reader sees them in their own (render_message picks one)."""
    function, level = _name_texts(session, claim)
    return {
        "function": function,
        "level": level,
        "area": session.get(Area, claim.area_id).name,
        "group": session.get(Group, claim.group_id).name,
    }


def claim_option(session: Session, claim: Claim) -> Option | None:
    """The menu option (function at level) that the claim is for."""
    content = menu_content(session, session.get(MenuVersion, claim.menu_version_id))
    function = next((f for f in content.functions if f.key == claim.function_key), None)
    level = next((lv for lv in content.levels if lv.key == claim.level_key), None)
    if function is None or level is None:
        return None
    return next(
        (o for o in content.options if o.function_id == function.id and o.level_id == level.id),
        None,
    )


def claims_of_group(*, session: Session, group_id: int) -> list[tuple[Claim, Area]]:
    return list(
        session.exec(
            select(Claim, Area)
            .join(Area, Area.id == Claim.area_id)
            .where(Claim.group_id == group_id)
            .order_by(Claim.created_at.desc())
        )
    )


PUBLIC_STATES = (
    ClaimState.APPROVED,
    ClaimState.ACTIVE,
    ClaimState.SUSPENDED,
    ClaimState.ENDED,
    ClaimState.REVOKED,
    ClaimState.REJECTED,
)


def public_decisions(*, session: Session, area_id: int) -> list[tuple[Claim, Group]]:
    """Decided claims of an area, with rejection reasons, for its public page."""
    return list(
        session.exec(
            select(Claim, Group)
            .join(Group, Group.id == Claim.group_id)
            .where(Claim.area_id == area_id, Claim.state.in_(PUBLIC_STATES))
            .order_by(Claim.decided_at.desc())
        )
    )


def locked_claim(session: Session, claim_id: int) -> Claim:
    """The claim as committed now, locked until commit: its decisions, and the money
    that moves only while it is active, queue here (a suspension waits for a payment)."""
    return session.exec(
        select(Claim)
        .where(Claim.id == claim_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
