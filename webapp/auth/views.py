from urllib.parse import urlsplit

from flask import flash, redirect, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from webapp.auth import bp
from webapp.auth.forms import LoginForm, ReauthForm, RegisterForm
from webapp.auth.freshness import confirm_password_now, start_session
from webapp.auth.services import authenticate, create_user
from webapp.db import get_session
from webapp.errors import DomainError
from webapp.htmx import render
from webapp.i18n import gettext as _


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so a link cannot send someone elsewhere after login."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("areas.home")


@bp.route("/login", methods=["GET", "POST"])
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
            start_session()
            flash(_("You are signed in."), "success")
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("That email address and password do not match."))
    status = 422 if form.is_submitted() else 200
    return render("auth/login.html", status=status, form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("areas.home"))


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
        except DomainError as exc:
            form.email.errors.append(str(exc.message))
        else:
            session.clear()
            login_user(user)
            start_session()
            flash(_("Your account is ready."), "success")
            return redirect(_safe_next(request.args.get("next")))
    status = 422 if form.is_submitted() else 200
    return render("auth/register.html", status=status, form=form)


@bp.route("/reauthenticate", methods=["GET", "POST"])
@login_required
def reauthenticate():
    """Confirm the password again before a large approval."""
    form = ReauthForm()
    if form.validate_on_submit():
        if authenticate(
            session=get_session(), email=current_user.email, password=form.password.data
        ):
            confirm_password_now()
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("That password is not right."))
    status = 422 if form.is_submitted() else 200
    return render("auth/reauthenticate.html", status=status, form=form)
