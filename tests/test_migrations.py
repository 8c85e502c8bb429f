from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import webapp.models  # noqa: F401
from tests.support import scratch_database
from webapp.db import make_engine
from webapp.migrate import alembic_config, upgrade_database


def test_migrations_have_a_single_head(database_url):
    script = ScriptDirectory.from_config(alembic_config(database_url))
    assert len(script.get_heads()) == 1


def test_upgrade_head_on_an_empty_database_matches_the_models(database_url, tmp_path):
    with scratch_database(database_url, tmp_path) as url:
        upgrade_database(url)
        engine = make_engine(url)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, SQLModel.metadata)
        engine.dispose()
    assert differences == []


def test_every_constraint_follows_the_naming_convention():
    for table in SQLModel.metadata.tables.values():
        for constraint in table.constraints:
            assert constraint.name and constraint.name.split("_")[0] in {"pk", "fk", "uq", "ck"}
        for index in table.indexes:
            assert index.name.startswith("ix_")
