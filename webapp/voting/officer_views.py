"""Officers: the register, rounds, letters and paper ballots of their council's areas."""

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlmodel import select

from webapp.areas.models import Area
from webapp.areas.services import get_area
from webapp.audit.services import events_for, record_event
from webapp.audit.wording import worded
from webapp.auth.permissions import council_staff_required, ensure_same_council
from webapp.db import get_session, utcnow
from webapp.errors import DomainError
from webapp.htmx import render
from webapp.i18n import gettext as _
from webapp.i18n import ngettext
from webapp.requests import CONTROL
from webapp.voting import bp
from webapp.voting.ballots import cast_ballot, find_code, parse_choices
from webapp.voting.forms import PaperCodeForm, RegisterUploadForm
from webapp.voting.models import Channel, VotingRound
from webapp.voting.queries import round_menu
from webapp.voting.register import RegisterInvalid, import_register, parse_register
from webapp.voting.register_history import record_import
from webapp.voting.rounds import rounds_of_area
from webapp.voting.turnout import ballots_cast, eligible_voters, issued_codes


def own_area(slug: str) -> Area:
    area = get_area(session=get_session(), slug=slug)
    if area is None:
        abort(404)
    ensure_same_council(area.council_id)
    return area


def own_round(round_id: int) -> tuple[Area, VotingRound]:
    session = get_session()
    voting_round = session.get(VotingRound, round_id)
    if voting_round is None:
        abort(404)
    area = session.get(Area, voting_round.area_id)
    ensure_same_council(area.council_id)
    return area, voting_round


@bp.get("/officer")
@council_staff_required
def officer_home():
    areas = get_session().exec(
        select(Area).where(Area.council_id == current_user.council_id).order_by(Area.name)
    )
    return render("voting/officer_home.html", areas=list(areas))


@bp.get("/officer/areas/<slug>")
@council_staff_required
def officer_area(slug: str):
    session, area = get_session(), own_area(slug)
    return render(
        "voting/officer_area.html",
        area=area,
        rounds=rounds_of_area(session=session, area=area),
        history=events_for(
            session=session, object_type="area", object_id=area.id, council_id=area.council_id
        ),
        eligible=eligible_voters(session=session, area_id=area.id),
        now=utcnow(),
    )


@bp.route("/officer/areas/<slug>/register", methods=["GET", "POST"])
@council_staff_required
def upload_register(slug: str):
    area, form = own_area(slug), RegisterUploadForm()
    errors = []
    if form.validate_on_submit():
        try:
            rows = parse_register(form.file.data.read(), area)
            result = import_register(session=get_session(), area=area, rows=rows)
        except RegisterInvalid as exc:
            errors = exc.errors
        else:
            source = CONTROL.sub("", form.file.data.filename or "") or "upload"
            record_import(
                session=get_session(), area=area, result=result, actor=current_user, source=source
            )
            flash(
                _(
                    "Register imported: %(created)d added, %(updated)d updated, %(unchanged)d unchanged.",
                    created=result.created,
                    updated=result.updated,
                    unchanged=result.unchanged,
                ),
                "success",
            )
            if result.codes_withdrawn_total:
                flash(
                    ngettext(
                        "%(num)d unused ballot code was withdrawn: its household now has "
                        "fewer eligible voters. Its letter no longer works.",
                        "%(num)d unused ballot codes were withdrawn: their households now "
                        "have fewer eligible voters. Their letters no longer work.",
                        result.codes_withdrawn_total,
                    ),
                    "success",
                )
            if result.ballots_beyond_voters_total:
                flash(
                    ngettext(
                        "%(num)d ballot was already cast beyond its household's eligible "
                        "voters now. It still counts: check the register with the household.",
                        "%(num)d ballots were already cast beyond their households' eligible "
                        "voters now. They still count: check the register with the households.",
                        result.ballots_beyond_voters_total,
                    ),
                    "warning",
                )
            return redirect(url_for(".officer_area", slug=slug))
    status = 422 if form.is_submitted() else 200
    return render("voting/register_upload.html", status=status, area=area, form=form, errors=errors)


@bp.get("/officer/rounds/<int:round_id>")
@council_staff_required
def officer_round(round_id: int):
    session = get_session()
    area, voting_round = own_round(round_id)
    return render(
        "voting/officer_round.html",
        area=area,
        round=voting_round,
        codes=issued_codes(session=session, round_id=round_id),
        eligible=eligible_voters(session=session, area_id=area.id),
        ballots=ballots_cast(session=session, round_id=round_id),
        now=utcnow(),
        history=events_for(
            session=session,
            object_type="round",
            object_id=round_id,
            council_id=area.council_id,
            since=voting_round.created_at,
        ),
    )


@bp.route("/officer/rounds/<int:round_id>/paper", methods=["GET", "POST"])
@council_staff_required
def paper_ballot(round_id: int):
    area, voting_round = own_round(round_id)
    session, form = get_session(), PaperCodeForm()
    menu = round_menu(session=session, voting_round=voting_round)
    error = None
    if form.validate_on_submit():
        try:
            code = find_code(session=session, voting_round=voting_round, typed=form.code.data)
            choices = parse_choices(menu, request.form, partial=False)
            ballot = cast_ballot(
                session=session,
                voting_round=voting_round,
                code=code,
                choices=choices,
                channel=Channel.PAPER,
                entered_by=current_user,
                correction=form.correction.data,
            )
        except DomainError as exc:
            error = str(exc.message)
        else:
            record_event(
                session=session,
                object_type="round",
                object_id=voting_round.id,
                # A correction rewrote an earlier paper; with none, it was the first.
                action="paper_corrected"
                if ballot.updated_at > ballot.submitted_at
                else "paper_entered",
                actor=current_user,
                council_id=area.council_id,
                reason=worded("paper_ballot", ballot=ballot.id),
            )
            flash(_("Paper ballot recorded."), "success")
            return redirect(url_for(".paper_ballot", round_id=round_id))
    status = 422 if form.is_submitted() else 200
    choices = {
        k.removeprefix("choice-"): v for k, v in request.form.items() if k.startswith("choice-")
    }
    return render(
        "voting/paper_ballot.html",
        status=status,
        area=area,
        round=voting_round,
        menu=menu,
        form=form,
        error=error,
        choices=choices,
    )
