import re
import warnings

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Index
from sqlalchemy.schema import CreateIndex
from sqlmodel import SQLModel, select

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
        with engine.connect() as connection, warnings.catch_warnings():
            if connection.dialect.name == "sqlite":
                # SQLite's indexes on expressions can't be reflected, so autogenerate
                # skips them (and says so): they are compared by their SQL below.
                warnings.filterwarnings("ignore", "(?i).*expression-based index")
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, SQLModel.metadata)
            expression_indexes = _sqlite_expression_indexes(connection)
        engine.dispose()
    assert differences == []
    for index, sql in expression_indexes:
        assert _words(sql) == _words(CreateIndex(index).compile(dialect=engine.dialect))


def _sqlite_expression_indexes(connection) -> list[tuple[Index, str]]:
    """SQLite: each index of the models on an expression, with the SQL the database
    created it by."""
    if connection.dialect.name != "sqlite":
        return []
    indexes = [
        index
        for table in SQLModel.metadata.tables.values()
        for index in table.indexes
        if any(not isinstance(part, Column) for part in index.expressions)
    ]
    assert indexes, "the tally index is on an expression"
    found = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?"
    return [
        (index, connection.exec_driver_sql(found, (index.name,)).scalar_one()) for index in indexes
    ]


def _words(sql) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", str(sql).replace('"', ""))


def test_every_constraint_follows_the_naming_convention():
    for table in SQLModel.metadata.tables.values():
        for constraint in table.constraints:
            assert constraint.name and constraint.name.split("_")[0] in {"pk", "fk", "uq", "ck"}
        for index in table.indexes:
            assert index.name.startswith("ix_")


# SQLite can't reflect the tally index (on an expression); the test reads other parts.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_rekeying_ballot_choices_keeps_every_choice_down_and_up(database_url, tmp_path):
    """a6c2e8f41d37 drops ballot_choice.id for a (ballot, function) key, and two
    foreign keys; SQLite rebuilds the table for it, both ways, and must copy every
    choice."""
    from alembic import command
    from sqlalchemy import inspect, text

    from tests.factories import create_round
    from webapp import create_app
    from webapp.db import get_db
    from webapp.voting.ballots import record_ballot
    from webapp.voting.models import BallotCode

    choices = text("SELECT ballot_id, function_id, round_id, level_id FROM ballot_choice")

    def key_and_unique(connection):
        found = inspect(connection)
        unique = found.get_unique_constraints("ballot_choice")
        key = found.get_pk_constraint("ballot_choice")["constrained_columns"]
        return key, [constraint["column_names"] for constraint in unique]

    def referred(connection) -> set[str]:
        keys = inspect(connection).get_foreign_keys("ballot_choice")
        return {key["referred_table"] for key in keys}

    with scratch_database(database_url, tmp_path) as url:
        upgrade_database(url)
        app = create_app({"TESTING": True, "DATABASE_URL": url})
        with app.app_context(), get_db(app).session_scope() as session:
            voting_round, _, _ = create_round(session, voters=2)
            codes = session.exec(
                select(BallotCode.id).where(BallotCode.round_id == voting_round.id)
            ).all()
            for code_id, choice in zip(codes, ["control", "none"], strict=True):
                record_ballot(
                    session=session,
                    round_id=voting_round.id,
                    code_id=code_id,
                    choices={"grass-cutting": choice, "caretaking": "none"},
                )
        get_db(app).engine.dispose()
        engine = make_engine(url)
        with engine.connect() as connection:
            before = sorted(connection.execute(choices).all())
        command.downgrade(alembic_config(url), "3f7b9d2c6a15")
        with engine.connect() as connection:
            assert sorted(connection.execute(choices).all()) == before
            assert referred(connection) == {"ballot", "menu_function", "menu_level", "voting_round"}
            assert key_and_unique(connection) == (["id"], [["ballot_id", "function_id"]])
        upgrade_database(url)
        with engine.connect() as connection:
            assert sorted(connection.execute(choices).all()) == before
            assert referred(connection) == {"ballot", "menu_function"}
            assert key_and_unique(connection) == (["ballot_id", "function_id"], [])
            if connection.dialect.name == "sqlite":
                without_rowid = "SELECT wr FROM pragma_table_list WHERE name = 'ballot_choice'"
                assert connection.exec_driver_sql(without_rowid).scalar() == 1
        engine.dispose()
    assert len(before) == 4


MONEY_COLUMNS = [
    ("council", "large_transfer_threshold_pence"),
    ("menu_function", "cost_per_household_pence"),
    ("menu_option", "rebate_per_household_pence"),
    ("ledger_entry", "amount_pence"),
    ("delegation", "annual_budget_pence"),
    ("delegation", "uplift_pence"),
    ("delegation", "rebate_per_household_pence"),
    ("instalment", "amount_pence"),
    ("instalment", "uplift_pence"),
    ("rebate_posting", "per_household_pence"),
]


def test_money_columns_widen_to_64_bits_on_postgresql_and_narrow_back(database_url, tmp_path):
    """d67368d944a2 makes every column of pence BIGINT on PostgreSQL, keeping every
    amount, and leaves SQLite (64-bit already) as it was; its downgrade refuses to cut
    an amount that INTEGER cannot hold."""
    from alembic import command
    from sqlalchemy import column, inspect, table, text
    from sqlmodel import Session

    from tests.ledger.conftest import make_world
    from tests.support import app_for_database
    from webapp.db import get_db
    from webapp.ledger.posting import verify_chain

    def money_types(engine) -> set[str]:
        found = inspect(engine)
        return {
            str(column["type"])
            for table, name in MONEY_COLUMNS
            for column in found.get_columns(table)
            if column["name"] == name
        }

    def amounts(engine) -> list:
        with engine.connect() as connection:
            return [
                sorted(connection.scalars(select(column(name)).select_from(table(where))))
                for where, name in MONEY_COLUMNS
            ]

    with scratch_database(database_url, tmp_path) as url:
        upgrade_database(url)
        app = app_for_database(url, tmp_path)
        with app.app_context(), get_db(app).session_scope() as session:
            make_world(app, session)  # a menu, a delegation, its instalments and ledger lines
        get_db(app).engine.dispose()
        engine = make_engine(url)
        postgresql = engine.dialect.name == "postgresql"
        wide = "BIGINT" if postgresql else "INTEGER"
        assert money_types(engine) == {wide}
        before = amounts(engine)
        assert all(before[:-1]) and before[-1] == []  # no rebate posted: every other has rows
        if postgresql:
            with engine.begin() as connection:
                connection.execute(text("UPDATE council SET large_transfer_threshold_pence = 2^31"))
            with pytest.raises(RuntimeError, match=r"council\.large_transfer_threshold_pence"):
                command.downgrade(alembic_config(url), "6919d57cc0dd")
            assert money_types(engine) == {"BIGINT"}
            with engine.begin() as connection:
                connection.execute(
                    text("UPDATE council SET large_transfer_threshold_pence = 500000")
                )
        command.downgrade(alembic_config(url), "6919d57cc0dd")
        assert money_types(engine) == {"INTEGER"}
        assert amounts(engine) == before
        upgrade_database(url)
        assert money_types(engine) == {wide}
        assert amounts(engine) == before
        with Session(engine) as session:
            assert verify_chain(session) == []  # the ledger's hashes cover its amounts
        engine.dispose()
