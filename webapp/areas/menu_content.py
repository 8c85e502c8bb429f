"""A published menu version's content, read once per process: versions never change."""

import threading
from dataclasses import dataclass

from sqlmodel import Session, select

from webapp.areas.models import MenuCondition, MenuFunction, MenuLevel, MenuOption, MenuVersion

CACHE_SIZE = 128


@dataclass(frozen=True)
class Level:
    id: int
    key: str
    rank: int
    name: dict
    description: dict


@dataclass(frozen=True)
class Function:
    id: int
    key: str
    position: int
    name: dict
    description: dict
    charge: dict
    cost_per_household_pence: int


@dataclass(frozen=True)
class Option:
    id: int
    function_id: int
    level_id: int
    budget_share_bp: int
    rebate_per_household_pence: int
    does: dict
    conditions: tuple[str, ...]
    report_every_months: int


@dataclass(frozen=True)
class MenuContent:
    levels: tuple[Level, ...]  # by rank
    functions: tuple[Function, ...]  # in menu order
    options: tuple[Option, ...]
    conditions: dict[str, dict]


_cache: dict[tuple[int, str], MenuContent] = {}
_lock = threading.Lock()


def _read(session: Session, version_id: int) -> MenuContent:
    levels = session.exec(
        select(MenuLevel).where(MenuLevel.menu_version_id == version_id).order_by(MenuLevel.rank)
    )
    functions = list(
        session.exec(
            select(MenuFunction)
            .where(MenuFunction.menu_version_id == version_id)
            .order_by(MenuFunction.position)
        )
    )
    options = session.exec(
        select(MenuOption).where(MenuOption.function_id.in_([f.id for f in functions]))
    )
    conditions = session.exec(
        select(MenuCondition).where(MenuCondition.menu_version_id == version_id)
    )
    return MenuContent(
        levels=tuple(Level(lv.id, lv.key, lv.rank, lv.name, lv.description) for lv in levels),
        functions=tuple(
            Function(
                f.id, f.key, f.position, f.name, f.description, f.charge, f.cost_per_household_pence
            )
            for f in functions
        ),
        options=tuple(
            Option(
                o.id,
                o.function_id,
                o.level_id,
                o.budget_share_bp,
                o.rebate_per_household_pence,
                o.does,
                tuple(o.conditions),
                o.report_every_months,
            )
            for o in options
        ),
        conditions={c.key: c.name for c in conditions},
    )


def menu_content(session: Session, version: MenuVersion) -> MenuContent:
    """The version's levels, functions, options and conditions, cached by id and hash."""
    return menu_content_for(session, version.id, version.content_hash)


def menu_content_for(session: Session, version_id: int, content_hash: str) -> MenuContent:
    key = (version_id, content_hash)
    content = _cache.get(key)
    if content is None:
        content = _read(session, version_id)
        with _lock:
            if len(_cache) >= CACHE_SIZE:
                _cache.clear()
            _cache[key] = content
    return content
