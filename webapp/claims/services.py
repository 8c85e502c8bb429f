"""Drafting claims and checking their conditions."""

from datetime import date

from sqlmodel import Session, select

from webapp.areas.menus import latest_version
from webapp.areas.models import Area
from webapp.audit.wording import claim_fields, worded
from webapp.auth.models import User
from webapp.claims.audit import record_claim_event
from webapp.claims.models import Claim, ClaimState, ConditionCheck, Evidence
from webapp.claims.queries import claim_option, condition_name_text, locked_claim
from webapp.claims.workflow import (
    OFFICER,
    FunctionTaken,
    IllegalTransition,
    ensure_may_act,
    holder_exists,
)
from webapp.errors import DomainError
from webapp.groups.models import Group
from webapp.i18n import lazy_gettext as _l

TEXT_FIELDS = ("delivery", "capability", "finances", "involvement", "outcomes")
MAX_TEXT = 5000


class NotOnMenu(DomainError):
    message = _l("That service and level are not on this area's menu.")


class WrongCouncil(DomainError):
    message = _l("A group can only claim services in its own council's areas.")


class EvidenceRequired(DomainError):
    message = _l("Choose the document that shows this condition is met.")


def draft_claim(
    *,
    session: Session,
    group: Group,
    area: Area,
    function_key: str,
    level_key: str,
    by: User,
    **texts,
) -> Claim:
    """A new draft claim on the area's current menu."""
    if area.council_id != group.council_id:
        raise WrongCouncil()
    version = latest_version(session, area.menu_id) if area.menu_id else None
    if version is None:
        raise NotOnMenu()
    claim = Claim(
        group_id=group.id,
        area_id=area.id,
        menu_version_id=version.id,
        function_key=function_key,
        level_key=level_key,
        created_by_id=by.id,
    )
    if claim_option(session, claim) is None:
        raise NotOnMenu()
    if holder_exists(session, claim):
        raise FunctionTaken()
    _set_texts(claim, texts)
    session.add(claim)
    session.flush()
    record_claim_event(
        session=session, claim=claim, action="drafted", by=by, to_state=ClaimState.DRAFT
    )
    return claim


def _set_texts(claim: Claim, texts: dict) -> None:
    for name in TEXT_FIELDS:
        if name in texts:
            setattr(claim, name, (texts[name] or "").strip()[:MAX_TEXT])
    if "start_date" in texts:
        claim.start_date = texts["start_date"]


def update_draft(
    *, session: Session, claim: Claim, by: User, start_date: date | None, **texts
) -> Claim:
    """Change a draft's answers; a submitted claim is not edited."""
    if claim.state != ClaimState.DRAFT:
        raise IllegalTransition()
    before = {name: getattr(claim, name) for name in (*TEXT_FIELDS, "start_date")}
    _set_texts(claim, {**texts, "start_date": start_date})
    changed = [name for name, value in before.items() if getattr(claim, name) != value]
    if changed:
        record_claim_event(
            session=session,
            claim=claim,
            action="draft_edited",
            by=by,
            reason=worded("draft_edited", fields=claim_fields(changed)),
        )
    session.flush()
    return claim


def check_condition(
    *, session: Session, claim: Claim, condition_key: str, evidence_id: int | None, by: User
) -> ConditionCheck:
    """An officer ticks a condition off against one of the claim's documents."""
    claim = locked_claim(session, claim.id)
    if claim.state not in (ClaimState.SUBMITTED, ClaimState.UNDER_REVIEW):
        raise IllegalTransition()
    ensure_may_act(session, claim, by, OFFICER)
    option = claim_option(session, claim)
    if option is None or condition_key not in option.conditions:
        raise NotOnMenu()
    evidence = session.get(Evidence, evidence_id) if evidence_id else None
    if evidence is None or evidence.claim_id != claim.id:
        raise EvidenceRequired()
    existing = session.exec(
        select(ConditionCheck).where(
            ConditionCheck.claim_id == claim.id, ConditionCheck.condition_key == condition_key
        )
    ).first()
    check = existing or ConditionCheck(
        claim_id=claim.id, condition_key=condition_key, evidence_id=evidence.id
    )
    check.evidence_id = evidence.id
    check.checked_by_id = by.id
    session.add(check)
    record_claim_event(
        session=session,
        claim=claim,
        action="condition_checked",
        by=by,
        reason=worded(
            "condition_checked",
            condition=condition_name_text(session, claim, condition_key),
            document=evidence.original_name,
        ),
    )
    session.flush()
    return check
