"""Alembic environment: the database URL comes from the app's configuration."""

from alembic import context
from sqlmodel import SQLModel

import webapp.models  # noqa: F401  (registers every table on the metadata)
from webapp.db import Money, UTCDateTime, make_engine

config = context.config
target_metadata = SQLModel.metadata


def database_url() -> str:
    url = config.attributes.get("database_url")
    if url:
        return url
    from webapp import create_app

    return create_app().config["DATABASE_URL"]


def render_item(type_, obj, autogen_context):
    """Write the app's own types as SQLAlchemy's, so migrations need no app code: UTCDateTime
    as a plain DateTime, Money as BIGINT (INTEGER on SQLite, 64-bit there already)."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    if type_ == "type" and isinstance(obj, Money):
        return 'sa.BigInteger().with_variant(sa.Integer(), "sqlite")'
    return False


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(database_url())
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                # SQLite changes a table by building a new one and dropping the old,
                # and dropping a table that other rows refer to fails while foreign
                # keys are enforced. So, as SQLite's own ALTER TABLE procedure says,
                # they are off (outside any transaction, or the PRAGMA does nothing)
                # and every key is checked before the migration commits.
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=sqlite,
                compare_type=True,
                render_item=render_item,
            )
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise RuntimeError(f"the migration broke a foreign key: {tuple(broken)}")
    finally:  # a migration that refused (or failed) leaves no connection open either
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
