"""A forgotten password: ask for a link by email, then choose a new password."""

from flask import flash, redirect, url_for

from webapp.auth import bp
from webapp.auth.devices import no_email_typed, presented_nonce, typed_email
from webapp.auth.forms import ForgotPasswordForm, ResetPasswordForm
from webapp.auth.resets import ResetLinkInvalid, account_for_link, request_reset, reset_password
from webapp.auth.services import GuessablePassword, InvalidPassword, normalise_email
from webapp.db import get_session
from webapp.extensions import limiter
from webapp.htmx import render
from webapp.i18n import gettext as _
from webapp.security_events import security_event


def _email_key() -> str:
    """Reset emails count per address, or per device of its owner's: whoever uses up
    an address's emails cannot hold back its owner's own browser (see devices)."""
    email = typed_email()
    nonce = presented_nonce(email)
    return f"reset-device:{nonce}" if nonce else f"reset:{email}"


def _invalid_link(response) -> bool:
    return response.status_code == 410


def _private(response):
    """The page's address holds the token: no Referer carries it, no cache keeps it."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute;20 per hour", methods=["POST"])
@limiter.limit(  # no inbox flooded
    "3 per hour", key_func=_email_key, methods=["POST"], exempt_when=no_email_typed
)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        sent = request_reset(session=get_session(), email=email)
        security_event("password_reset", "requested", account=email, sent=sent)
        return render("auth/reset_sent.html", email=email)
    status = 422 if form.is_submitted() else 200
    return render("auth/forgot_password.html", status=status, form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", deduct_when=_invalid_link)
def choose_new_password(token: str):
    session = get_session()
    try:
        account_for_link(session=session, token=token)
    except ResetLinkInvalid as exc:
        security_event("password_reset", "invalid_link")
        return _private(
            render(
                "auth/forgot_password.html",
                status=410,
                form=ForgotPasswordForm(formdata=None),
                error=str(exc.message),
            )
        )
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset_password(session=session, token=token, new=form.password.data)
        except (InvalidPassword, GuessablePassword) as exc:
            form.password.errors.append(str(exc.message))
        else:
            security_event("password_reset", "succeeded")
            flash(_("Your password is changed. Sign in with your new password."), "success")
            return redirect(url_for("auth.login"))
    status = 422 if form.is_submitted() else 200
    return _private(render("auth/reset_password.html", status=status, form=form))
