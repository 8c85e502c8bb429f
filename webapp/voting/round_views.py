"""Officers schedule a round, and change or cancel it until voting opens."""

from flask import flash, redirect, url_for
from flask_login import current_user

from webapp.auth.permissions import council_staff_required
from webapp.db import get_session, utcnow
from webapp.errors import DomainError
from webapp.htmx import render
from webapp.i18n import gettext as _
from webapp.outcome import all_or_nothing
from webapp.voting import bp
from webapp.voting.forms import ButtonForm, RoundForm
from webapp.voting.officer_views import own_area, own_round
from webapp.voting.rounds import (
    cancel_round,
    change_round,
    london_to_utc,
    open_round,
    utc_to_london,
)


@bp.route("/officer/areas/<slug>/rounds/new", methods=["GET", "POST"])
@council_staff_required
def new_round(slug: str):
    area, form = own_area(slug), RoundForm()
    if form.validate_on_submit() and (times := _utc_times(form.opens_at, form.closes_at)):
        try:
            with all_or_nothing():
                voting_round = open_round(
                    session=get_session(),
                    area=area,
                    opens_at=times[0],
                    closes_at=times[1],
                    quorum_percent=form.quorum_percent.data,
                    created_by=current_user,
                )
        except DomainError as exc:
            form.closes_at.errors.append(str(exc.message))
        else:
            flash(_("The round is scheduled. Print the letters next."), "success")
            return redirect(url_for(".officer_round", round_id=voting_round.id))
    status = 422 if form.is_submitted() else 200
    return render("voting/round_new.html", status=status, area=area, form=form)


def _utc_times(*fields) -> list | None:
    """Each field's UK time in UTC; None, with the reason on the field, if any is not
    a time the UK's clocks show exactly once."""
    times = []
    for field in fields:
        try:
            times.append(london_to_utc(field.data))
        except DomainError as exc:
            field.errors.append(str(exc.message))
    return times if len(times) == len(fields) else None


@bp.route("/officer/rounds/<int:round_id>/change", methods=["GET", "POST"])
@council_staff_required
def change(round_id: int):
    """New dates or quorum, and the area's latest menu, until voting opens."""
    area, voting_round = own_round(round_id)
    form = RoundForm()
    if not form.is_submitted():
        form.opens_at.data = utc_to_london(voting_round.opens_at).replace(tzinfo=None)
        form.closes_at.data = utc_to_london(voting_round.closes_at).replace(tzinfo=None)
        form.quorum_percent.data = voting_round.quorum_percent
    elif form.validate_on_submit() and (times := _utc_times(form.opens_at, form.closes_at)):
        try:
            with all_or_nothing():
                change_round(
                    session=get_session(),
                    voting_round=voting_round,
                    opens_at=times[0],
                    closes_at=times[1],
                    quorum_percent=form.quorum_percent.data,
                    actor=current_user,
                )
        except DomainError as exc:
            form.closes_at.errors.append(str(exc.message))
        else:
            flash(_("The round is changed. Its letters' codes still work."), "success")
            return redirect(url_for(".officer_round", round_id=round_id))
    return render(
        "voting/round_change.html",
        status=422 if form.is_submitted() else 200,
        area=area,
        round=voting_round,
        form=form,
        cancel_form=ButtonForm(),
        opened=voting_round.opens_at <= utcnow(),
    )


@bp.post("/officer/rounds/<int:round_id>/cancel")
@council_staff_required
def cancel(round_id: int):
    area, voting_round = own_round(round_id)  # CSRFProtect has checked the token already
    try:
        with all_or_nothing():
            cancel_round(session=get_session(), voting_round=voting_round, actor=current_user)
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for(".officer_round", round_id=round_id))
    flash(_("The round is cancelled, and its codes no longer work."), "success")
    return redirect(url_for(".officer_area", slug=area.slug))
