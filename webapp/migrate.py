"""Alembic, configured from pyproject.toml, driven from `flask db ...`."""

from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from flask.cli import AppGroup

PROJECT_ROOT = Path(__file__).resolve().parent.parent

db_cli = AppGroup("db", help="Create and upgrade the database schema.")


def alembic_config(database_url: str) -> Config:
    config = Config(toml_file=str(PROJECT_ROOT / "pyproject.toml"))
    config.attributes["database_url"] = database_url
    return config


def upgrade_database(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade_command(revision: str) -> None:
    """Upgrade the database to a revision (default: the newest)."""
    upgrade_database(current_app.config["DATABASE_URL"], revision)
    click.echo("Database is up to date.")


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does.")
def revision_command(message: str) -> None:
    """Write a new migration from the difference between models and database."""
    command.revision(
        alembic_config(current_app.config["DATABASE_URL"]), message=message, autogenerate=True
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
