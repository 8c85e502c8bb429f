"""A resident's ballots in their account: the codes they chose to keep there."""

from flask import abort, flash, redirect, url_for
from flask_login import current_user, login_required

from webapp.db import get_session
from webapp.htmx import render
from webapp.i18n import gettext as _
from webapp.voting import bp
from webapp.voting.ballots import unlink_code
from webapp.voting.forms import ButtonForm
from webapp.voting.queries import user_ballots


@bp.get("/account/ballots")
@login_required
def my_ballots():
    return render(
        "voting/my_ballots.html",
        ballots=user_ballots(session=get_session(), user=current_user),
        form=ButtonForm(),
    )


@bp.post("/account/ballots/<int:code_id>/unlink")
@login_required
def unlink_ballot(code_id: int):
    """Take a ballot out of this account (the ballot itself still counts). CSRFProtect
    has checked the token before this view."""
    if not unlink_code(session=get_session(), code_id=code_id, user=current_user):
        abort(404)
    flash(_("That ballot is no longer kept in your account. It still counts."), "success")
    return redirect(url_for(".my_ballots"))
