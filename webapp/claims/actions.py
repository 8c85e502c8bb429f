"""Claim actions: evidence, state changes, conditions, overrides and monitoring reports."""

from flask import abort, flash, redirect, request, send_file, url_for
from flask_login import current_user, login_required
from sqlmodel import select

from webapp.claims import bp
from webapp.claims.evidence import download_name, evidence_path, store_evidence
from webapp.claims.forms import ConditionForm, EvidenceForm, ReasonForm, ReportForm
from webapp.claims.labels import claim_state_label
from webapp.claims.models import ClaimState, Evidence
from webapp.claims.monitoring import submit_report
from webapp.claims.queries import claim_option
from webapp.claims.services import check_condition
from webapp.claims.views import _claim, _group_editor, claim_page
from webapp.claims.workflow import STEPS, override_mandate, transition
from webapp.db import get_session
from webapp.errors import DomainError
from webapp.forms import choices as select_choices
from webapp.groups.access import visible_group
from webapp.i18n import gettext as _
from webapp.outcome import all_or_nothing, flash_outcome


@bp.post("/claims/<int:claim_id>/evidence")
@login_required
def upload_evidence(claim_id: int):
    claim, group, _area = _claim(claim_id)
    _group, member = visible_group(group.id)
    if member is None:
        abort(403)
    form = EvidenceForm()
    option = claim_option(get_session(), claim)
    form.condition.choices = select_choices(
        [("", "")] + [(k, k) for k in (option.conditions if option else ())]
    )
    if claim.state not in (ClaimState.DRAFT, ClaimState.SUBMITTED, ClaimState.UNDER_REVIEW):
        flash(_("Evidence can only be added before the council decides."), "error")
    elif not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    else:
        upload = form.file.data
        try:
            store_evidence(
                session=get_session(),
                claim=claim,
                data=upload.read(),
                filename=upload.filename,
                condition_key=form.condition.data,
                by=current_user,
            )
        except DomainError as exc:
            flash(str(exc.message), "error")
            return redirect(url_for(".claim", claim_id=claim_id)), 303
        flash(_("Document uploaded."), "success")
    return redirect(url_for(".claim", claim_id=claim_id))


@bp.get("/claims/<int:claim_id>/evidence/<int:evidence_id>")
@login_required
def download_evidence(claim_id: int, evidence_id: int):
    claim, _group, _area = _claim(claim_id)
    evidence = get_session().get(Evidence, evidence_id)
    if evidence is None or evidence.claim_id != claim.id:
        abort(404)
    response = send_file(
        evidence_path(evidence),
        mimetype=evidence.content_type,
        as_attachment=True,
        download_name=download_name(evidence),
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/claims/<int:claim_id>/actions/<action>")
@login_required
def act(claim_id: int, action: str):
    claim, _group, _area = _claim(claim_id)
    if action not in STEPS:
        abort(404)
    form = ReasonForm()
    if not form.validate_on_submit():
        return claim_page(claim_id, status=422, reason_form=form, reason_for=action)
    try:
        with all_or_nothing():
            transition(
                session=get_session(),
                claim=claim,
                action=action,
                actor=current_user,
                reason=form.reason.data,
                schedule=request.form.get("schedule"),
            )
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for(".claim", claim_id=claim_id))
    flash(_("Done: the claim is now “%(state)s”.", state=claim_state_label(claim.state)), "success")
    return redirect(url_for(".claim", claim_id=claim_id))


@bp.post("/claims/<int:claim_id>/conditions/<key>")
@login_required
def tick_condition(claim_id: int, key: str):
    claim, _group, _area = _claim(claim_id)
    form = ConditionForm()
    form.evidence.choices = select_choices(
        (e.id, "")
        for e in get_session().exec(select(Evidence).where(Evidence.claim_id == claim.id))
    )
    if not form.validate_on_submit():
        abort(400)
    flash_outcome(
        lambda: check_condition(
            session=get_session(),
            claim=claim,
            condition_key=key,
            evidence_id=form.evidence.data,
            by=current_user,
        ),
        _("Condition checked."),
    )
    return redirect(url_for(".claim", claim_id=claim_id))


@bp.post("/claims/<int:claim_id>/override")
@login_required
def override(claim_id: int):
    claim, _group, _area = _claim(claim_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return claim_page(claim_id, status=422, reason_form=form, reason_for="override")
    flash_outcome(
        lambda: override_mandate(
            session=get_session(), claim=claim, actor=current_user, reason=form.reason.data
        ),
        _("Override recorded."),
    )
    return redirect(url_for(".claim", claim_id=claim_id))


@bp.post("/claims/<int:claim_id>/reports/<int:report_id>")
@login_required
def report(claim_id: int, report_id: int):
    claim, group, _area = _claim(claim_id)
    _group_editor(group.id)
    form = ReportForm()
    if not form.validate_on_submit():
        abort(400)
    flash_outcome(
        lambda: submit_report(
            session=get_session(),
            claim=claim,
            report_id=report_id,
            summary=form.summary.data,
            by=current_user,
        ),
        _("Report sent. Thank you."),
    )
    return redirect(url_for(".claim", claim_id=claim_id))
