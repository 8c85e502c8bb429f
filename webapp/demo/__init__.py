"""`flask demo load`: a council, its areas, menus and logins to try the app with."""

import click
from flask.cli import AppGroup

from webapp.demo.data import DEMO_USERS, load_demo

demo_cli = AppGroup("demo", help="Demonstration data.")


@demo_cli.command("load")
def load_command() -> None:
    """Load the demo council, areas, menus and accounts (safe to run again)."""
    from flask import current_app

    if current_app.config["APP_ENV"] == "production":
        raise click.ClickException(
            "The demo has published passwords: it is never loaded in production."
        )
    summary = load_demo()
    for line in summary:
        click.echo(line)
    click.echo("")
    click.echo("Demo logins (email / password):")
    for user in DEMO_USERS:
        click.echo(f"  {user['role']:<17} {user['email']:<32} {user['password']}")
