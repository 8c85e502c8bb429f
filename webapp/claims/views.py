from flask import abort, flash, redirect, url_for
from flask_login import current_user, login_required
from sqlmodel import select

from webapp.areas.menu_files import LEVEL_KEYS
from webapp.areas.menus import latest_version
from webapp.areas.models import Area, Council
from webapp.areas.services import menu_for_version
from webapp.audit.services import events_for
from webapp.claims import bp
from webapp.claims.forms import (
    ClaimTextsForm,
    ConditionForm,
    EvidenceForm,
    NewClaimForm,
    ReasonForm,
    ReportForm,
)
from webapp.claims.labels import level_label
from webapp.claims.mandate import mandate_for
from webapp.claims.models import Claim, ClaimState, ConditionCheck, Evidence
from webapp.claims.monitoring import is_overdue, reports_of
from webapp.claims.queries import claim_names, claim_option, ladder_names
from webapp.claims.services import TEXT_FIELDS, draft_claim, update_draft
from webapp.claims.workflow import (
    GROUP,
    OFFICER,
    OVERRIDABLE_STATES,
    STEPS,
    may_act,
    outstanding_conditions,
)
from webapp.db import get_session, utcnow
from webapp.errors import DomainError
from webapp.forms import choices as select_choices
from webapp.groups.access import visible_group
from webapp.groups.models import Group, MemberRole
from webapp.htmx import render
from webapp.i18n import gettext as _
from webapp.i18n import translated
from webapp.ledger.models import Delegation
from webapp.outcome import all_or_nothing
from webapp.requests import whole_number


def _claim(claim_id: int) -> tuple[Claim, Group, Area]:
    """The claim, for its group's members and its council's staff; 404 for anyone else."""
    session = get_session()
    claim = session.get(Claim, claim_id)
    if claim is None:
        abort(404)
    group, _member = visible_group(claim.group_id)
    return claim, group, session.get(Area, claim.area_id)


def _group_editor(group_id: int):
    group, member = visible_group(group_id)
    if member is None or member.role not in (MemberRole.LEAD, MemberRole.TREASURER):
        abort(403)
    return group, member


def _claim_choices(group: Group) -> tuple[list, list]:
    """Every function on every menu of the group's council's areas, grouped by area; and
    the levels, named as the first of those menus names them (the words residents voted
    with)."""
    session = get_session()
    services, ladder = [], {}
    areas = session.exec(
        select(Area).where(Area.council_id == group.council_id).order_by(Area.name)
    )
    for area in areas:
        version = latest_version(session, area.menu_id) if area.menu_id else None
        menu = menu_for_version(session=session, area=area, version=version)
        options = [
            (f"{area.id}:{fv.function.key}", translated(fv.function.name)) for fv in menu.functions
        ]
        if options:
            services.extend(select_choices(options, optgroup=area.name))
        if not ladder:
            ladder = {level.key: translated(level.name) for level in menu.levels}
    levels = select_choices((key, ladder.get(key) or level_label(key)) for key in LEVEL_KEYS)
    return services, levels


@bp.route("/groups/<int:group_id>/claims/new", methods=["GET", "POST"])
@login_required
def new_claim(group_id: int):
    group, _member = _group_editor(group_id)
    form = NewClaimForm()
    form.service.choices, form.level.choices = _claim_choices(group)
    if form.validate_on_submit():
        area_id, _colon, function_key = form.service.data.partition(":")
        area_number = whole_number(area_id)
        area = get_session().get(Area, area_number) if area_number is not None else None
        try:
            if area is None:
                abort(400)
            claim = draft_claim(
                session=get_session(),
                group=group,
                area=area,
                function_key=function_key,
                level_key=form.level.data,
                by=current_user,
                **{name: getattr(form, name).data for name in (*TEXT_FIELDS, "start_date")},
            )
        except DomainError as exc:
            form.service.errors.append(str(exc.message))
        else:
            flash(_("Draft saved. Add your evidence, then submit the claim."), "success")
            return redirect(url_for(".claim", claim_id=claim.id))
    status = 422 if form.is_submitted() else 200
    return render("claims/new.html", status=status, form=form, group=group)


@bp.get("/claims/<int:claim_id>")
@login_required
def claim(claim_id: int):
    return claim_page(claim_id)


def claim_page(
    claim_id: int,
    *,
    status: int = 200,
    texts_form: ClaimTextsForm | None = None,
    reason_form: ReasonForm | None = None,
    reason_for: str | None = None,
):
    """The claim page; after a refused form, that form as it was sent (with its
    errors), so nothing typed is lost. `reason_for` names the action ("reject",
    "override" ...) whose reason box `reason_form` fills."""
    claim, group, area = _claim(claim_id)
    session = get_session()
    function_name, level_name = claim_names(session, claim)
    option = claim_option(session, claim)
    evidence = list(
        session.exec(select(Evidence).where(Evidence.claim_id == claim.id).order_by(Evidence.id))
    )
    checks = {
        c.condition_key: c
        for c in session.exec(select(ConditionCheck).where(ConditionCheck.claim_id == claim.id))
    }
    from webapp.areas.menu_content import menu_content
    from webapp.areas.models import MenuVersion

    conditions = menu_content(session, session.get(MenuVersion, claim.menu_version_id)).conditions
    evidence_form = EvidenceForm()
    evidence_form.condition.choices = select_choices(
        [("", _("General"))]
        + [
            (key, translated(conditions.get(key, {})))
            for key in (option.conditions if option else ())
        ]
    )
    condition_form = ConditionForm()
    condition_form.evidence.choices = select_choices((e.id, e.original_name) for e in evidence)
    # Who the viewer may act as, asked once each: council staff outside the group decide.
    allowed = {by: may_act(session, claim, current_user, by) for by in (OFFICER, GROUP)}
    deciding = allowed[OFFICER]
    actions = [
        name for name, step in STEPS.items() if claim.state in step.sources and allowed[step.by]
    ]
    mandate = mandate_for(session=session, area_id=claim.area_id, function_key=claim.function_key)
    can_override = (
        claim.state in OVERRIDABLE_STATES
        and not claim.mandate_override_reason
        and not mandate.supports(claim.level_key)
        and deciding
    )
    return render(
        "claims/claim.html",
        status=status,
        claim=claim,
        group=group,
        area=area,
        function_name=function_name,
        level_name=level_name,
        option=option,
        conditions=conditions,
        evidence=evidence,
        checks=checks,
        outstanding=outstanding_conditions(session, claim),
        deciding=deciding,
        actions=actions,
        can_edit=claim.state == ClaimState.DRAFT and allowed[GROUP],
        mandate=mandate,
        ladder=ladder_names(session, session.get(MenuVersion, claim.menu_version_id)),
        can_override=can_override,
        reports=reports_of(session=session, claim_id=claim.id),
        today=utcnow().date(),
        is_overdue=is_overdue,
        evidence_form=evidence_form,
        condition_form=condition_form,
        reason_form=reason_form or ReasonForm(formdata=None),
        reason_for=reason_for,
        report_form=ReportForm(),
        texts_form=texts_form or ClaimTextsForm(formdata=None, obj=claim),
        history=events_for(session=session, object_type="claim", object_id=claim.id),
        council=session.get(Council, area.council_id),
        delegation=session.exec(select(Delegation).where(Delegation.claim_id == claim.id)).first(),
    )


@bp.post("/claims/<int:claim_id>/edit")
@login_required
def edit_claim(claim_id: int):
    claim, group, _area = _claim(claim_id)
    _group_editor(group.id)
    form = ClaimTextsForm()
    if not form.validate_on_submit():
        return claim_page(claim_id, status=422, texts_form=form)
    try:
        with all_or_nothing():
            update_draft(
                session=get_session(),
                claim=claim,
                by=current_user,
                start_date=form.start_date.data,
                **{name: getattr(form, name).data for name in TEXT_FIELDS},
            )
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("Claim saved."), "success")
    return redirect(url_for(".claim", claim_id=claim_id))


@bp.app_template_global()
def claim_title(claim: Claim, area: Area) -> str:
    function_name, level_name = claim_names(get_session(), claim)
    return _(
        "%(function)s (%(level)s) in %(area)s",
        function=function_name,
        level=level_name,
        area=area.name,
    )
