"""The household register, voting rounds, ballot codes and ballots."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from webapp.db import UTCDateTime, foreign_key, utcnow


class Channel(StrEnum):
    WEB = "web"
    PAPER = "paper"


class Household(SQLModel, table=True):
    """A household on an area's register, identified by its UPRN.

    A UPRN is unique within an area; two councils may both register it, while within
    one council the register import keeps it to one area.
    """

    __tablename__ = "household"
    __table_args__ = (
        UniqueConstraint("area_id", "uprn"),
        Index("ix_household_uprn", "uprn"),
        CheckConstraint("eligible_voters BETWEEN 0 AND 50", name="eligible_voters_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    area_id: int = Field(sa_column=foreign_key("area.id"))
    uprn: str = Field(max_length=12)
    address: str = Field(max_length=300)
    postcode: str = Field(max_length=8)
    eligible_voters: int
    language: str | None = Field(default=None, max_length=5)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class VotingRound(SQLModel, table=True):
    """One vote of an area on one version of its menu."""

    __tablename__ = "voting_round"
    __table_args__ = (
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint("quorum_percent BETWEEN 0 AND 100", name="quorum_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    area_id: int = Field(sa_column=foreign_key("area.id"))
    menu_version_id: int = Field(sa_column=foreign_key("menu_version.id", ondelete="RESTRICT"))
    opens_at: datetime = Field(sa_type=UTCDateTime)
    closes_at: datetime = Field(sa_type=UTCDateTime)
    quorum_percent: int
    created_by_id: int | None = Field(
        default=None, sa_column=foreign_key("user_account.id", nullable=True, ondelete="SET NULL")
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now: datetime) -> bool:
        return now >= self.closes_at


class BallotCode(SQLModel, table=True):
    """A single-person code for one round, stored only as a keyed hash."""

    __tablename__ = "ballot_code"
    __table_args__ = (UniqueConstraint("code_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(sa_column=foreign_key("voting_round.id"))
    household_id: int = Field(sa_column=foreign_key("household.id"))
    code_hash: str = Field(max_length=64)
    issued_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    user_id: int | None = Field(
        default=None, sa_column=foreign_key("user_account.id", nullable=True, ondelete="SET NULL")
    )


class Ballot(SQLModel, table=True):
    """The one counted ballot of a code; voting again replaces its choices."""

    __tablename__ = "ballot"
    __table_args__ = (
        UniqueConstraint("code_id"),
        # Only paper ballots have an officer who entered them: web ballots, the
        # busiest write, add nothing to this index.
        Index(
            "ix_ballot_entered_by_id",
            "entered_by_id",
            sqlite_where=text("entered_by_id IS NOT NULL"),
            postgresql_where=text("entered_by_id IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(sa_column=foreign_key("voting_round.id"))
    code_id: int = Field(sa_column=Column(Integer, ForeignKey("ballot_code.id"), nullable=False))
    channel: str = Field(max_length=10, default=Channel.WEB)
    entered_by_id: int | None = Field(
        default=None,
        sa_column=foreign_key("user_account.id", ondelete="SET NULL", nullable=True, index=False),
    )
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# The tally index orders a round's choices by bucket of TALLY_BUCKET ballots in the
# order they were cast, then by function and level. Keyed by function and level
# alone, it put a ballot's choices in as many places as the menu has functions,
# mostly mid-index; now they go to the index's last pages, where the next ballots
# go too. On SQLite, under concurrent ballots, that took a ballot from 49 page
# reads and 50 writes to 28 and 20 (README, Benchmarks). SQLite's tally counts
# each bucket's (function, level) pairs as it reads the index, then adds the
# buckets up: larger buckets would make that sum shorter and spread a ballot's
# choices wider. PostgreSQL counts with a hash table and needs no order.
# SQLite can't reflect an index on an expression: a migration that rebuilds this
# table in batch mode must create the index again (the model check would fail).
TALLY_BUCKET = 128
TALLY_BUCKET_SQL = f"(ballot_id / {TALLY_BUCKET})"  # integer division on both databases


class BallotChoice(SQLModel, table=True):
    """A ballot's level for one function; no level means "no preference".

    The busiest table to write: every ballot writes a row per function, so each row
    costs as little as its checks allow.
    - Keyed by (ballot, function), with no id of its own: two index entries a row,
      not three. On SQLite the table is that key's B-tree (WITHOUT ROWID).
    - `round_id` (the tally index's copy of the ballot's round) and `level_id` have
      no foreign key. record_ballot checks more than a key could: its statement
      writes the ballot's own round, and before it, `_level_ids` takes only a
      level offered for this function on the round's menu version. Neither can
      go while the choice stands: a round's menu version is RESTRICTed, and its
      ballots and their choices CASCADE with it. On PostgreSQL each key cost
      every row a lookup and a lock on a row that every concurrent ballot locks.
    """

    __tablename__ = "ballot_choice"
    __table_args__ = (
        # The tally reads only this index: see TALLY_BUCKET.
        Index(
            "ix_ballot_choice_tally",
            "round_id",
            text(TALLY_BUCKET_SQL),
            "function_id",
            "level_id",
            "ballot_id",  # PostgreSQL: without the column, no index-only scan
        ),
        {"sqlite_with_rowid": False},
    )

    ballot_id: int = Field(
        sa_column=Column(Integer, ForeignKey("ballot.id", ondelete="CASCADE"), primary_key=True)
    )
    function_id: int = Field(
        sa_column=Column(Integer, ForeignKey("menu_function.id"), primary_key=True)
    )
    round_id: int = Field(sa_column=Column(Integer, nullable=False))
    level_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
