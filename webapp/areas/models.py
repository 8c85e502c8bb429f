"""Councils, areas and the versioned menus they are offered."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from webapp.db import Money, UTCDateTime, foreign_key, utcnow

AREA_KINDS = ("estate", "neighbourhood", "village", "town")


class Council(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, unique=True)
    name: str = Field(max_length=200)
    # Instalments at or above this need two different approving officers.
    large_transfer_threshold_pence: int = Field(
        default=500_000, sa_type=Money, sa_column_kwargs={"server_default": "500000"}
    )
    # Prefix of 360Giving identifiers, registered with 360Giving (e.g. 360G-millbrook).
    giving_prefix: str = Field(
        default="360G-council", max_length=60, sa_column_kwargs={"server_default": "360G-council"}
    )
    # The council's org-id identifier (e.g. GB-LAE-MIL), for 360Giving's fundingOrganization.
    org_identifier: str = Field(default="", max_length=60, sa_column_kwargs={"server_default": ""})


class Menu(SQLModel, table=True):
    """A council's menu, identified by its key; its content lives in versions."""

    __table_args__ = (UniqueConstraint("council_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    council_id: int = Field(sa_column=foreign_key("council.id"))
    key: str = Field(max_length=60)


class Area(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("households > 0", name="households_positive"),
        CheckConstraint("deprivation_decile BETWEEN 1 AND 10", name="decile_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    council_id: int = Field(sa_column=foreign_key("council.id"))
    menu_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("menu.id", ondelete="SET NULL"), index=True),
    )
    slug: str = Field(max_length=80, unique=True)
    name: str = Field(max_length=200, index=True)
    kind: str = Field(max_length=20)
    households: int
    deprivation_decile: int
    languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class AreaPostcodeDistrict(SQLModel, table=True):
    """An outward postcode (such as MB4) that lies, at least partly, in an area."""

    __tablename__ = "area_postcode_district"
    __table_args__ = (UniqueConstraint("area_id", "district"),)

    id: int | None = Field(default=None, primary_key=True)
    area_id: int = Field(sa_column=foreign_key("area.id"))
    district: str = Field(max_length=4, index=True)


class MenuVersion(SQLModel, table=True):
    """One published, immutable version of a menu."""

    __tablename__ = "menu_version"
    __table_args__ = (UniqueConstraint("menu_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    menu_id: int = Field(sa_column=foreign_key("menu.id"))
    version: int
    content_hash: str = Field(max_length=64)
    source_name: str = Field(max_length=200)
    name: dict = Field(sa_column=Column(JSON, nullable=False))
    description: dict = Field(sa_column=Column(JSON, nullable=False))
    # Basis points (1/100 of a per cent) of uplift for deciles 1..10, in order.
    uplift_bp: list[int] = Field(sa_column=Column(JSON, nullable=False))
    published_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MenuLevel(SQLModel, table=True):
    __tablename__ = "menu_level"
    __table_args__ = (UniqueConstraint("menu_version_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    menu_version_id: int = Field(sa_column=foreign_key("menu_version.id"))
    key: str = Field(max_length=20)
    rank: int
    name: dict = Field(sa_column=Column(JSON, nullable=False))
    description: dict = Field(sa_column=Column(JSON, nullable=False))


class MenuCondition(SQLModel, table=True):
    __tablename__ = "menu_condition"
    __table_args__ = (UniqueConstraint("menu_version_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    menu_version_id: int = Field(sa_column=foreign_key("menu_version.id"))
    key: str = Field(max_length=60)
    name: dict = Field(sa_column=Column(JSON, nullable=False))


class MenuFunction(SQLModel, table=True):
    """A service on a menu version, with its current annual cost per household."""

    __tablename__ = "menu_function"
    __table_args__ = (
        UniqueConstraint("menu_version_id", "key"),
        CheckConstraint("cost_per_household_pence >= 0", name="cost_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    menu_version_id: int = Field(sa_column=foreign_key("menu_version.id"))
    key: str = Field(max_length=60)
    position: int
    name: dict = Field(sa_column=Column(JSON, nullable=False))
    description: dict = Field(sa_column=Column(JSON, nullable=False))
    charge: dict = Field(sa_column=Column(JSON, nullable=False))
    cost_per_household_pence: int = Field(sa_type=Money)


class MenuOption(SQLModel, table=True):
    """One function at one level: what the community does, and what it brings."""

    __tablename__ = "menu_option"
    __table_args__ = (
        UniqueConstraint("function_id", "level_id"),
        CheckConstraint("budget_share_bp BETWEEN 0 AND 10000", name="share_range"),
        CheckConstraint("rebate_per_household_pence >= 0", name="rebate_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    function_id: int = Field(sa_column=foreign_key("menu_function.id"))
    level_id: int = Field(sa_column=foreign_key("menu_level.id"))
    budget_share_bp: int
    rebate_per_household_pence: int = Field(sa_type=Money)
    does: dict = Field(sa_column=Column(JSON, nullable=False))
    conditions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # How often a group running this option reports on delivery; 0 for never.
    report_every_months: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
