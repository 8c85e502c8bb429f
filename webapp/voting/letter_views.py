"""Officers: a round's letters, printed a batch of households at a time."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from webapp.areas.models import Area
from webapp.audit.services import record_event
from webapp.audit.wording import worded
from webapp.auth.permissions import council_staff_required
from webapp.db import get_session, utcnow
from webapp.htmx import render
from webapp.i18n import gettext as _
from webapp.i18n import in_language
from webapp.links import public_url
from webapp.voting import bp
from webapp.voting.batches import issue_batch, letter_batches
from webapp.voting.forms import ButtonForm
from webapp.voting.letters import qr_svg
from webapp.voting.models import VotingRound
from webapp.voting.officer_views import own_round


def _batch_size() -> int:
    return current_app.config["LETTER_BATCH_HOUSEHOLDS"]


@bp.get("/officer/rounds/<int:round_id>/letters")
@council_staff_required
def letters(round_id: int):
    area, voting_round = own_round(round_id)
    batches = letter_batches(session=get_session(), voting_round=voting_round, size=_batch_size())
    return render(
        "voting/letter_batches.html",
        area=area,
        round=voting_round,
        batches=batches,
        size=_batch_size(),
        closed=voting_round.is_closed(utcnow()),
        form=ButtonForm(),
    )


def _letters(area: Area, voting_round: VotingRound, issued) -> list[Markup]:
    """Each letter in its household's language, where the register gives one."""
    template = current_app.jinja_env.get_template("voting/_letter.html")
    # The app's context (its processors run a query) once, not once a letter.
    context = {"area": area, "round": voting_round}
    current_app.update_template_context(context)
    letters = []
    for item in issued:
        # The letter's language follows the resident onto the site (None adds nothing).
        language = item.household.language
        url = public_url("voting.enter_code", slug=area.slug, code=item.printed, lang=language)
        with in_language(language):
            letter = template.render(
                context,
                item=item,
                link=public_url("voting.enter_code", slug=area.slug, lang=language),
                qr=qr_svg(url),
            )
        letters.append(Markup(letter))  # noqa: S704 - a rendered template, escaped by Jinja
    return letters


@bp.post("/officer/rounds/<int:round_id>/letters/<int:batch>")
@council_staff_required
def print_letters(round_id: int, batch: int):
    area, voting_round = own_round(round_id)
    back = redirect(url_for(".letters", round_id=round_id))
    if voting_round.is_closed(utcnow()):
        flash(_("Voting has closed, so no more codes can be issued."), "error")
        return back
    reissue = request.form.get("reissue") == "1"
    session = get_session()
    issued = issue_batch(
        session=session,
        voting_round=voting_round,
        number=batch,
        size=_batch_size(),
        reissue=reissue,
    )
    if issued is None:
        abort(404)
    if not issued:
        flash(
            _(
                "Every eligible voter in batch %(batch)d already has a code. To replace "
                "lost letters, reissue the batch's unused codes.",
                batch=batch,
            ),
            "success",
        )
        return back
    record_event(
        session=session,
        object_type="round",
        object_id=voting_round.id,
        action="codes_reissued" if reissue else "codes_issued",
        actor=current_user,
        council_id=area.council_id,
        reason=worded("letters_batch", batch=batch, count=len(issued)),
    )
    page = render_template(
        "voting/letters.html",
        area=area,
        round=voting_round,
        batch=batch,
        letters=_letters(area, voting_round, issued),
    )
    return page, 200, {"Cache-Control": "no-store"}
