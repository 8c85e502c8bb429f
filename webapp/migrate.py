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


# Append-only for the running app: it may read and add rows, never change or remove
# them (the ledger's triggers refuse that too; the audit trail has only this).
APPEND_ONLY_TABLES = ("ledger_transaction", "ledger_entry", "audit_event")


class RuntimeRoleRefused(Exception):
    pass


def grant_runtime_privileges(connection, role: str) -> None:
    """Give a PostgreSQL role what the running app needs and nothing more: no DDL (it
    owns nothing), SELECT and INSERT on the append-only tables, SELECT, INSERT, UPDATE
    and DELETE on the others, and its sequences."""
    from webapp.db import metadata

    if connection.dialect.name != "postgresql":
        raise RuntimeRoleRefused("SQLite has no database roles; protect the file instead.")
    found = connection.exec_driver_sql(
        "SELECT rolsuper, rolname = (SELECT tableowner FROM pg_tables WHERE tablename = %(t)s)"
        " FROM pg_roles WHERE rolname = %(r)s",
        {"t": "ledger_entry", "r": role},
    ).first()
    if found is None:
        raise RuntimeRoleRefused(f"No database role is called {role}.")
    if found[0] or found[1]:
        raise RuntimeRoleRefused(f"{role} is a superuser or owns the tables: use another role.")
    quote = connection.dialect.identifier_preparer.quote
    who, schema = quote(role), quote(connection.exec_driver_sql("SELECT current_schema()").scalar())
    changeable = sorted(set(metadata.tables) - set(APPEND_ONLY_TABLES))
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {who}",
        f"GRANT USAGE ON SCHEMA {schema} TO {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(map(quote, changeable))} TO {who}",
        f"GRANT SELECT, INSERT ON {', '.join(map(quote, APPEND_ONLY_TABLES))} TO {who}",
        f"GRANT SELECT ON alembic_version TO {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {who}",
    ]
    for statement in statements:
        connection.exec_driver_sql(statement)


@db_cli.command("grant-runtime")
@click.argument("role")
def grant_runtime_command(role: str) -> None:
    """Give the app's runtime ROLE least privilege (PostgreSQL; run as the tables'
    owner, after every `flask db upgrade`)."""
    from webapp.db import get_db

    try:
        with get_db().engine.begin() as connection:
            grant_runtime_privileges(connection, role)
    except RuntimeRoleRefused as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{role} may now read and write rows, add to the ledger and audit trail only.")
