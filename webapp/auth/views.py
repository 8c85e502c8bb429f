import re
from datetime import timedelta
from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, login_required, login_user

from webapp.auth import bp
from webapp.auth.devices import no_email_typed, presented_nonce, remember_device, typed_email
from webapp.auth.forms import (
    ChangePasswordForm,
    LanguageForm,
    LoginForm,
    LogoutForm,
    ReauthForm,
    RegisterForm,
)
from webapp.auth.freshness import (
    cleared,
    end_this_session,
    renew_sign_in,
    start_session,
    this_sign_in_id,
)
from webapp.auth.languages import note_language_at_sign_in, set_language
from webapp.auth.services import (
    GuessablePassword,
    InvalidPassword,
    WrongPassword,
    authenticate,
    create_user,
    end_all_sessions,
    end_one_session,
    normalise_email,
)
from webapp.auth.services import change_password as change_password_of
from webapp.auth.sign_ins import LONGEST_SIGN_IN, live_sign_ins
from webapp.db import get_session
from webapp.errors import DomainError
from webapp.extensions import limiter
from webapp.htmx import render
from webapp.i18n import address_in_language, chosen_language, current_language
from webapp.i18n import gettext as _
from webapp.security_events import security_event

# Every control character, line breaks and tabs too (webapp/requests.py keeps those).
ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so a link cannot send someone elsewhere after login; none
    with a control character (urlsplit drops a line break, the Location header would not)."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not ANY_CONTROL.search(target)
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("areas.home")


def _failed_sign_in(response) -> bool:
    return response.status_code != 302


def _account_key() -> str:
    """Failed sign-ins count per email address, or per device of its owner's."""
    email = typed_email()
    nonce = presented_nonce(email)
    return f"login-device:{nonce}" if nonce else f"login:{email}"


def _failed_change(response) -> bool:
    """Only a wrong current password counts towards the limit."""
    return response.status_code == 422 and g.get("wrong_current_password", False)


def _signed_in_account_key() -> str:
    return f"account:{current_user.get_id()}"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute;50 per hour", methods=["POST"], deduct_when=_failed_sign_in)
@limiter.limit(
    "20 per hour",
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed_sign_in,
    exempt_when=no_email_typed,
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("areas.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(
            session=get_session(), email=form.email.data, password=form.password.data
        )
        if user is not None:
            session.clear()  # a fresh session, so a planted one is not kept
            login_user(user)
            start_session(user)
            note_language_at_sign_in(
                session=get_session(),
                user=user,
                chosen=chosen_language(),
                in_use=current_language(),
            )
            security_event("sign_in", "succeeded", account=user.email)
            flash(_("You are signed in."), "success")
            response = redirect(_safe_next(request.args.get("next")))
            if presented_nonce(user.email) is None:
                remember_device(response, user.email)
            return response
        security_event("sign_in", "failed", account=normalise_email(form.email.data or "")[:254])
        form.password.errors.append(_("That email address and password do not match."))
    status = 422 if form.is_submitted() else 200
    return render("auth/login.html", status=status, form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    security_event("sign_out", "succeeded")
    end_this_session()
    flash(_("You are signed out."), "success")
    return cleared(redirect(url_for("areas.home")))


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("areas.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                session=get_session(),
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
            )
        except (InvalidPassword, GuessablePassword) as exc:
            form.password.errors.append(str(exc.message))
        except DomainError as exc:
            form.email.errors.append(str(exc.message))
        else:
            set_language(session=get_session(), user=user, language=current_language())
            session.clear()
            login_user(user)
            start_session(user)
            flash(_("Your account is ready."), "success")
            return redirect(_safe_next(request.args.get("next")))
    status = 422 if form.is_submitted() else 200
    return render("auth/register.html", status=status, form=form)


@bp.post("/account/language")
@login_required
def choose_language():
    """The language switcher of someone signed in: emails to the account are written in
    the language chosen, and the page comes back in it."""
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)  # only a hand-made request names a language the switcher does not offer
    set_language(
        session=get_session(), user=current_user._get_current_object(), language=form.language.data
    )
    return redirect(address_in_language(_safe_next(form.next.data), form.language.data))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(
    "10 per hour", key_func=_signed_in_account_key, methods=["POST"], deduct_when=_failed_change
)
def change_password():
    """Change one's own password; every other session of the account ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password_of(
                session=get_session(),
                user=current_user._get_current_object(),
                current=form.current.data,
                new=form.password.data,
            )
        except WrongPassword as exc:
            g.wrong_current_password = True
            security_event("password_change", "failed")
            form.current.errors.append(str(exc.message))
        except DomainError as exc:
            form.password.errors.append(str(exc.message))
        else:
            renew_sign_in(current_user)  # copies of this session's old cookie end too
            security_event("password_change", "succeeded")
            flash(
                _(
                    "Your password is changed. Anywhere else you were signed in, you are now signed out."
                ),
                "success",
            )
            return redirect(url_for("areas.home"))
    status = 422 if form.is_submitted() else 200
    return render(
        "auth/change_password.html",
        status=status,
        form=form,
        end_form=LogoutForm(),
        sign_ins=_live_sign_ins(current_user),
        this_sign_in_id=this_sign_in_id(),
    )


def _live_sign_ins(user):
    """The account's sessions whose cookies can still sign in: none unused for longer
    than the cookie's lifetime (for staff, their idle limit), none of staff older than
    their limit."""
    config = current_app.config
    if user.is_council_staff:
        seen_within = timedelta(seconds=config["STAFF_IDLE_SECONDS"])
        started_within = timedelta(seconds=config["STAFF_SESSION_SECONDS"])
    else:
        seen_within, started_within = current_app.permanent_session_lifetime, LONGEST_SIGN_IN
    return live_sign_ins(
        session=get_session(), user=user, seen_within=seen_within, started_within=started_within
    )


@bp.route("/account/sessions/<int:sign_in_id>/end", methods=["POST"])
@login_required
def end_session(sign_in_id: int):
    """Sign out of one other browser, from the list of where one is signed in."""
    if sign_in_id == this_sign_in_id():
        return logout()  # this browser: an ordinary sign-out
    user = current_user._get_current_object()
    if not end_one_session(session=get_session(), user=user, sign_in_id=sign_in_id):
        abort(404)  # not a live session of this account
    security_event("sign_out_elsewhere", "succeeded")
    flash(_("That browser is signed out."), "success")
    return redirect(url_for(".change_password"))


@bp.route("/account/sessions/end", methods=["POST"])
@login_required
def end_sessions():
    """Sign out everywhere: every session of the account ends, this one included."""
    user = current_user._get_current_object()
    end_all_sessions(session=get_session(), user=user, actor=user)
    security_event("sign_out_everywhere", "succeeded")
    end_this_session()
    flash(_("You are signed out everywhere, here included."), "success")
    return cleared(redirect(url_for("auth.login")))


@bp.route("/reauthenticate", methods=["GET", "POST"])
@login_required
@limiter.limit(
    "10 per hour", key_func=_signed_in_account_key, methods=["POST"], deduct_when=_failed_sign_in
)
def reauthenticate():
    """Confirm the password again before a large approval."""
    form = ReauthForm()
    if form.validate_on_submit():
        if authenticate(
            session=get_session(), email=current_user.email, password=form.password.data
        ):
            renew_sign_in(current_user)
            security_event("reauthenticate", "succeeded")
            return redirect(_safe_next(request.args.get("next")))
        security_event("reauthenticate", "failed")
        form.password.errors.append(_("That password is not right."))
    status = 422 if form.is_submitted() else 200
    return render("auth/reauthenticate.html", status=status, form=form)
