"""The SQL that casts a ballot, written out for each database.

Casting a ballot is the busiest write of the app, so it skips the ORM, SQL
compilation and result objects: on PostgreSQL one statement (one round trip)
checks the code and its round, inserts or replaces the ballot and its choices;
SQLite, in process, takes two.

The ballot's insert is an upsert on its unique code: voting again replaces it, only
on the same channel (paper and web never both count; a second paper only as an
officer's correction), and concurrent submissions of
one code wait on that row. Its SELECT writes nothing unless the code is live and
its round open at `now`, on the menu version the choices were checked against.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from webapp.db import UTCDateTime

_UPSERT_BALLOT = """
INSERT INTO ballot (round_id, code_id, channel, entered_by_id, submitted_at, updated_at)
SELECT code.round_id, code.id, {channel}, {entered_by_id}, {now}, {now}
FROM ballot_code AS code
JOIN voting_round AS round ON round.id = code.round_id
JOIN area ON area.id = round.area_id
WHERE code.id = {code_id}
  AND code.round_id = {round_id}
  AND code.revoked_at IS NULL
  AND round.menu_version_id = {version_id}
  AND round.opens_at <= {now}
  AND round.closes_at > {now}
  AND ({area_slug} IS NULL OR area.slug = {area_slug})
ON CONFLICT (code_id) DO UPDATE
  SET updated_at = excluded.updated_at,
      entered_by_id = coalesce(excluded.entered_by_id, ballot.entered_by_id)
  WHERE ballot.channel = excluded.channel
    AND (excluded.channel = 'web' OR {correction} = 1)
RETURNING id
"""

# Voting again rewrites only the choices that changed: an unchanged choice keeps its
# row and its entry in the tally index. ("IS NOT" is SQLite's null-safe inequality.)
_REPLACE_CHOICES = """
ON CONFLICT (ballot_id, function_id) DO UPDATE SET level_id = excluded.level_id
  WHERE ballot_choice.level_id {differs} excluded.level_id"""

_SQLITE_CHOICES = """
INSERT INTO ballot_choice (ballot_id, round_id, function_id, level_id)
VALUES {rows}
""" + _REPLACE_CHOICES.replace("{differs}", "IS NOT")

# PostgreSQL: both in one statement, the ballot's upsert as a data-modifying CTE.
# The ballot's id comes from that CTE: the choices' insert returns no row for an
# unchanged choice.
_POSTGRESQL = (
    """
WITH cast_ballot AS ({ballot}),
cast_choices AS (
INSERT INTO ballot_choice (ballot_id, round_id, function_id, level_id)
SELECT cast_ballot.id, {round_id}, chosen.function_id, chosen.level_id
FROM cast_ballot, (VALUES {rows}) AS chosen (function_id, level_id)
"""
    + _REPLACE_CHOICES.replace("{differs}", "IS DISTINCT FROM")
    + """
)
SELECT id FROM cast_ballot
"""
)

_TYPES = {
    "channel": "varchar",
    "entered_by_id": "integer",
    "now": "timestamp",
    "code_id": "integer",
    "round_id": "integer",
    "version_id": "integer",
    "area_slug": "varchar",
    "correction": "integer",
    "ballot_id": "integer",
}


def _bind_markers(dialect_name: str, names) -> dict[str, str]:
    if dialect_name == "postgresql":  # typed, so that NULLs and the SELECT list resolve
        return {name: f"%({name})s::{_TYPES.get(name, 'integer')}" for name in names}
    return {name: f":{name}" for name in names}


@dataclass(frozen=True)
class BallotStatements:
    cast_sql: str  # returns the ballot's id; on PostgreSQL it writes the choices too
    choices_sql: str | None  # SQLite: the choices, once the ballot's id is known
    bind_time: Callable[[datetime], object]

    def cast(self, connection: Connection, facts: dict, level_ids: dict[int, int | None]):
        """The ballot's id, or None when the upsert wrote nothing."""
        params = {**facts, "now": self.bind_time(facts["now"])}
        for i, (function_id, level_id) in enumerate(level_ids.items()):
            params[f"f{i}"], params[f"l{i}"] = function_id, level_id
        # A DBAPI cursor of the session's connection: SQLAlchemy's result objects for
        # two statements cost about a third as much as the SQL itself (profiled).
        dbapi, statement, cursor = connection.dialect.loaded_dbapi, self.cast_sql, None
        try:
            cursor = connection.connection.cursor()
            cursor.execute(statement, params)
            rows = cursor.fetchall()
            ballot_id = rows[0][0] if rows else None
            if ballot_id is not None and self.choices_sql is not None:
                statement, params = self.choices_sql, {**params, "ballot_id": ballot_id}
                cursor.execute(statement, params)
        except dbapi.Error as exc:
            raise _as_sqlalchemy_error(connection, exc, statement, params, cursor) from exc
        finally:
            if cursor is not None:
                cursor.close()
        return ballot_id


def _as_sqlalchemy_error(connection: Connection, exc, statement, params, cursor) -> DBAPIError:
    """A DBAPI error as exec_driver_sql would raise it: SQLAlchemy's class (the error
    pages know those), and a lost connection invalidated, so that the request's
    rollback does not try it again."""
    dialect = connection.dialect
    lost = dialect.is_disconnect(exc, connection.connection.dbapi_connection, cursor)
    if lost:
        connection.invalidate(exc)
    return DBAPIError.instance(
        statement,
        params,
        exc,
        dialect.loaded_dbapi.Error,
        hide_parameters=connection.engine.hide_parameters,
        connection_invalidated=lost,
        dialect=dialect,
        ismulti=False,
    )


_built: dict[tuple[type, int], BallotStatements] = {}


def ballot_statements(dialect, functions: int) -> BallotStatements:
    """The statements for a dialect and a menu of so many functions, built once."""
    key = (type(dialect), functions)
    if key not in _built:
        _built[key] = _build(dialect, functions)
    return _built[key]


def _build(dialect, functions: int) -> BallotStatements:
    name = dialect.name
    marks = _bind_markers(name, [*_TYPES, *(f"{x}{i}" for i in range(functions) for x in "fl")])
    ballot = _UPSERT_BALLOT.format(**marks)
    bind_time = UTCDateTime().bind_processor(dialect) or (lambda value: value)
    if name == "postgresql":
        rows = ", ".join(f"({marks[f'f{i}']}, {marks[f'l{i}']})" for i in range(functions))
        combined = _POSTGRESQL.format(ballot=ballot.strip(), rows=rows, **marks)
        return BallotStatements(combined, None, bind_time)
    rows = ", ".join(
        f"(:ballot_id, :round_id, {marks[f'f{i}']}, {marks[f'l{i}']})" for i in range(functions)
    )
    return BallotStatements(ballot, _SQLITE_CHOICES.format(rows=rows), bind_time)
