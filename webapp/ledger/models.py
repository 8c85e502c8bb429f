"""The ledger (accounts, transactions, entries) and what it pays: delegations, instalments."""

from datetime import date, datetime
from enum import StrEnum
from functools import partial

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from webapp.db import Money, UTCDateTime, foreign_key, utcnow


class AccountKind(StrEnum):
    BUDGET = "budget"  # the council's budget for one function
    GROUP = "group"  # what a group holds for one delegation
    UPLIFT = "uplift"  # deprivation uplift, ring-fenced to one area and delegation
    REBATE = "rebate"  # rebates granted to an area's households for one function


class Schedule(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


class InstalmentState(StrEnum):
    SCHEDULED = "scheduled"
    REQUESTED = "requested"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


# Money outlives what it was for: ledger rows refuse deletion of what they refer to.
_fk = partial(foreign_key, ondelete="RESTRICT")


class Account(SQLModel, table=True):
    __tablename__ = "ledger_account"
    __table_args__ = (UniqueConstraint("council_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    council_id: int = Field(sa_column=_fk("council.id"))
    kind: str = Field(max_length=10)
    key: str = Field(max_length=120)  # e.g. budget:grass-cutting, group:12, uplift:3:12
    area_id: int | None = Field(default=None, sa_column=_fk("area.id", nullable=True))
    function_key: str | None = Field(default=None, max_length=60)
    delegation_id: int | None = Field(default=None, sa_column=_fk("delegation.id", nullable=True))
    name: str = Field(max_length=200)


class LedgerTransaction(SQLModel, table=True):
    """A balanced set of entries; append-only, chained by hash."""

    __tablename__ = "ledger_transaction"
    __table_args__ = (UniqueConstraint("idempotency_key"), UniqueConstraint("hash"))

    id: int | None = Field(default=None, primary_key=True)
    council_id: int = Field(sa_column=_fk("council.id"))
    idempotency_key: str = Field(max_length=120)
    kind: str = Field(max_length=20)
    description: str = Field(max_length=300)
    delegation_id: int | None = Field(default=None, sa_column=_fk("delegation.id", nullable=True))
    reverses_id: int | None = Field(
        default=None, sa_column=_fk("ledger_transaction.id", nullable=True)
    )
    created_by_id: int | None = Field(
        default=None, sa_column=_fk("user_account.id", nullable=True, ondelete="SET NULL")
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class LedgerEntry(SQLModel, table=True):
    __tablename__ = "ledger_entry"
    __table_args__ = (
        CheckConstraint("amount_pence <> 0", name="amount_not_zero"),
        # An account's entries newest first, and its balance, from the index alone:
        # a statement reads its last 500 lines without sorting all the account's.
        Index(
            "ix_ledger_entry_account_id_transaction_id_amount_pence",
            "account_id",
            "transaction_id",
            "amount_pence",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    transaction_id: int = Field(sa_column=_fk("ledger_transaction.id"))
    # No index of its own: the (account, transaction, amount) index serves it.
    account_id: int = Field(sa_column=_fk("ledger_account.id", index=False))
    amount_pence: int = Field(sa_type=Money)  # positive: into the account; negative: out of it


class ChainHead(SQLModel, table=True):
    """The newest hash of each council's chain; locked while posting, so posts queue."""

    __tablename__ = "ledger_chain_head"

    council_id: int = Field(sa_column=Column(Integer, ForeignKey("council.id"), primary_key=True))
    last_hash: str = Field(max_length=64)


class Delegation(SQLModel, table=True):
    """An approved claim's money: annual budget, uplift, rebate and schedule."""

    __tablename__ = "delegation"
    __table_args__ = (UniqueConstraint("claim_id"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(sa_column=Column(Integer, ForeignKey("claim.id"), nullable=False))
    council_id: int = Field(sa_column=_fk("council.id"))
    area_id: int = Field(sa_column=_fk("area.id"))
    group_id: int = Field(sa_column=_fk("community_group.id"))
    function_key: str = Field(max_length=60)
    annual_budget_pence: int = Field(sa_type=Money)
    uplift_pence: int = Field(sa_type=Money)
    rebate_per_household_pence: int = Field(sa_type=Money)
    households: int
    schedule: str = Field(max_length=10)
    start_date: date = Field(sa_column=Column(Date, nullable=False))
    end_date: date = Field(sa_column=Column(Date, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Instalment(SQLModel, table=True):
    __tablename__ = "instalment"
    __table_args__ = (
        UniqueConstraint("delegation_id", "number"),
        CheckConstraint("amount_pence > 0", name="amount_positive"),
        CheckConstraint("uplift_pence >= 0 AND uplift_pence <= amount_pence", name="uplift_within"),
    )

    id: int | None = Field(default=None, primary_key=True)
    delegation_id: int = Field(sa_column=_fk("delegation.id", ondelete="CASCADE"))
    number: int
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    amount_pence: int = Field(sa_type=Money)
    uplift_pence: int = Field(sa_type=Money)
    state: str = Field(max_length=12, default=InstalmentState.SCHEDULED, index=True)
    requested_by_id: int | None = Field(
        default=None, sa_column=_fk("user_account.id", nullable=True, ondelete="SET NULL")
    )
    requested_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    rejection_reason: str | None = Field(default=None, sa_column=Column(Text))
    transaction_id: int | None = Field(
        default=None, sa_column=_fk("ledger_transaction.id", nullable=True)
    )


class InstalmentApproval(SQLModel, table=True):
    """One officer's approval of an instalment; large ones need two different officers."""

    __tablename__ = "instalment_approval"
    __table_args__ = (UniqueConstraint("instalment_id", "officer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    instalment_id: int = Field(sa_column=_fk("instalment.id", ondelete="CASCADE"))
    officer_id: int = Field(sa_column=_fk("user_account.id"))
    approved_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class RebatePosting(SQLModel, table=True):
    """A rebate period posted for a delegation (one per period)."""

    __tablename__ = "rebate_posting"
    __table_args__ = (UniqueConstraint("delegation_id", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    delegation_id: int = Field(sa_column=_fk("delegation.id"))
    period: str = Field(max_length=10)  # e.g. 2027 or 2027-Q1
    per_household_pence: int = Field(sa_type=Money)
    households: int  # the households on the register when it was posted: its RebateHouseholds
    transaction_id: int = Field(sa_column=_fk("ledger_transaction.id"))


class RebateHousehold(SQLModel, table=True):
    """A household a rebate posting was for: the billing export lists exactly these."""

    __tablename__ = "rebate_household"

    rebate_posting_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("rebate_posting.id", ondelete="RESTRICT"), primary_key=True
        )
    )
    uprn: str = Field(max_length=12, primary_key=True)
