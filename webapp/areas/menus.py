"""Publishing menu definitions as immutable, versioned menus."""

from dataclasses import dataclass

from sqlmodel import Session, func, select

from webapp.areas.menu_files import MenuDefinition
from webapp.areas.models import (
    Council,
    Menu,
    MenuCondition,
    MenuFunction,
    MenuLevel,
    MenuOption,
    MenuVersion,
)
from webapp.errors import DomainError
from webapp.i18n import lazy_gettext as _l


class UnknownCouncil(DomainError):
    message = _l("There is no council with that slug.")


@dataclass
class LoadResult:
    version: MenuVersion
    created: bool


def latest_version(session: Session, menu_id: int) -> MenuVersion | None:
    """The newest published version of a menu."""
    return session.exec(
        select(MenuVersion)
        .where(MenuVersion.menu_id == menu_id)
        .order_by(MenuVersion.version.desc())
        .limit(1)
    ).first()


def council_services(session: Session, council_id: int) -> dict[str, dict]:
    """Every service on the council's menus, in any version (claims and delegations keep
    theirs), by key: its name in every language the newest version having it gives."""
    rows = session.exec(
        select(MenuFunction.key, MenuFunction.name)
        .join(MenuVersion, MenuVersion.id == MenuFunction.menu_version_id)
        .join(Menu, Menu.id == MenuVersion.menu_id)
        .where(Menu.council_id == council_id)
        .order_by(MenuVersion.version.desc(), MenuVersion.id.desc())
    )
    services: dict[str, dict] = {}
    for key, name in rows:
        services.setdefault(key, name)
    return services


def publish_menu(*, session: Session, definition: MenuDefinition) -> LoadResult:
    """Publish a definition: a new version when its content changed, else nothing."""
    council = session.exec(select(Council).where(Council.slug == definition.council)).first()
    if council is None:
        raise UnknownCouncil(detail=definition.council)
    menu = session.exec(
        select(Menu).where(Menu.council_id == council.id, Menu.key == definition.key)
    ).first()
    if menu is None:
        menu = Menu(council_id=council.id, key=definition.key)
        session.add(menu)
        session.flush()
    content_hash = definition.content_hash()
    current = latest_version(session, menu.id)
    if current is not None and current.content_hash == content_hash:
        return LoadResult(version=current, created=False)
    number = session.exec(
        select(func.coalesce(func.max(MenuVersion.version), 0)).where(
            MenuVersion.menu_id == menu.id
        )
    ).one()
    version = MenuVersion(
        menu_id=menu.id,
        version=number + 1,
        content_hash=content_hash,
        source_name=definition.source_name,
        name=definition.name,
        description=definition.description,
        uplift_bp=definition.uplift_bp,
    )
    session.add(version)
    session.flush()
    _add_content(session, version, definition)
    return LoadResult(version=version, created=True)


def _add_content(session: Session, version: MenuVersion, definition: MenuDefinition) -> None:
    levels = {}
    for level in definition.levels:
        row = MenuLevel(
            menu_version_id=version.id,
            key=level.key,
            rank=level.rank,
            name=level.name,
            description=level.description,
        )
        session.add(row)
        levels[level.key] = row
    for key, name in definition.conditions.items():
        session.add(MenuCondition(menu_version_id=version.id, key=key, name=name))
    functions = []
    for position, function in enumerate(definition.functions):
        row = MenuFunction(
            menu_version_id=version.id,
            key=function.key,
            position=position,
            name=function.name,
            description=function.description,
            charge=function.charge,
            cost_per_household_pence=function.cost_per_household_pence,
        )
        session.add(row)
        functions.append((row, function))
    session.flush()
    for row, function in functions:
        for option in function.options:
            session.add(
                MenuOption(
                    function_id=row.id,
                    level_id=levels[option.level].id,
                    budget_share_bp=option.budget_share_bp,
                    rebate_per_household_pence=option.rebate_per_household_pence,
                    does=option.does,
                    conditions=option.conditions,
                    report_every_months=option.report_every_months,
                )
            )
    session.flush()
