"""`flask users ...`: accounts for council staff, and ending sessions, from the server."""

import sys

import click
from flask.cli import AppGroup
from sqlmodel import select

from webapp.areas.models import Council
from webapp.auth.models import Role, User
from webapp.auth.services import (
    create_user,
    end_all_sessions,
    end_everyones_sessions,
    set_active,
    user_by_email,
)
from webapp.db import get_db
from webapp.errors import DomainError
from webapp.security_events import security_event

users_cli = AppGroup("users", help="Accounts: create staff, disable, sign out.")


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _user(session, email: str) -> User:
    user = user_by_email(session=session, email=email)
    if user is None:
        _fail(f"No account has the email address {email}.")
    return user


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's name, as others will see it.")
@click.option(
    "--role", type=click.Choice([role.value for role in Role]), default=Role.RESIDENT.value
)
@click.option("--council", "council_slug", help="The council's slug (staff roles need one).")
@click.password_option(help="Asked for, hidden, when not given.")
def create_command(email: str, name: str, role: str, council_slug: str | None, password: str):
    """Create an account, such as a council officer's."""
    with get_db().session_scope() as session:
        council_id = None
        if council_slug:
            council = session.exec(select(Council).where(Council.slug == council_slug)).first()
            if council is None:
                _fail(f"No council has the slug {council_slug}.")
            council_id = council.id
        try:
            user = create_user(
                session=session,
                email=email,
                name=name,
                password=password,
                role=Role(role),
                council_id=council_id,
                on_server=True,
            )
        except DomainError as exc:
            _fail(str(exc.message))
        click.echo(f"Created {user.email} ({user.role}).")


@users_cli.command("list")
@click.option("--council", "council_slug", help="Only this council's staff.")
def list_command(council_slug: str | None) -> None:
    """Council staff accounts (and, without --council, everyone's), one per line."""
    with get_db().session_scope() as session:
        query = select(User, Council.slug).outerjoin(Council, Council.id == User.council_id)
        if council_slug:
            query = query.where(Council.slug == council_slug)
        for user, slug in session.exec(query.order_by(User.email)):
            state = "active" if user.active else "disabled"
            click.echo(f"{user.email}\t{user.role}\t{slug or '-'}\t{state}")


def _set_active(email: str, active: bool) -> None:
    with get_db().session_scope() as session:
        set_active(session=session, user=_user(session, email), active=active)


@users_cli.command("disable")
@click.argument("email")
def disable_command(email: str) -> None:
    """Stop an account signing in, and end its sessions now."""
    _set_active(email, active=False)
    click.echo(f"Disabled {email}; its sessions have ended.")


@users_cli.command("enable")
@click.argument("email")
def enable_command(email: str) -> None:
    """Let a disabled account sign in again."""
    _set_active(email, active=True)
    click.echo(f"Enabled {email}.")


@users_cli.command("sign-out")
@click.argument("email", required=False)
@click.option(
    "--everyone",
    is_flag=True,
    help="End the sessions of every account, and void every unused password reset link.",
)
def sign_out_command(email: str | None, everyone: bool) -> None:
    """End every session of one account (a lost phone, say), or of everyone."""
    if bool(email) == everyone:
        _fail("Give one email address, or --everyone.")
    with get_db().session_scope() as session:
        if everyone:
            ended, voided = end_everyones_sessions(session=session)
            security_event("sign_out_everyone", "succeeded", sessions=ended, reset_links=voided)
            click.echo(f"{ended} sessions ended. {voided} unused password reset links voided.")
            return
        end_all_sessions(session=session, user=_user(session, email), actor=None)
    click.echo(f"Every session of {email} has ended.")
