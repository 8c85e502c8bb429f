"""Finding areas and reading the menu an area is offered."""

import re
from dataclasses import dataclass, field

from sqlmodel import Session, func, or_, select

from webapp.areas.budget import OptionBudget, option_budget, uplift_for_decile
from webapp.areas.menu_content import Function, Level, Option, menu_content
from webapp.areas.menus import latest_version
from webapp.areas.models import Area, AreaPostcodeDistrict, Council, MenuVersion

MAX_QUERY_LENGTH = 100
MAX_RESULTS = 50
FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def postcode_district(query: str) -> str | None:
    """The outward code (district) of a full or partial UK postcode, if it is one."""
    compact = re.sub(r"\s+", "", query).upper()
    if match := FULL_POSTCODE.match(compact):
        return match.group(1)
    return compact if OUTWARD_CODE.match(compact) else None


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_areas(*, session: Session, query: str) -> list[Area]:
    """Areas whose name contains the query or whose postcode districts include it."""
    query = " ".join(CONTROL_CHARACTERS.sub(" ", query).split())[:MAX_QUERY_LENGTH]
    statement = select(Area).order_by(Area.name).limit(MAX_RESULTS)
    if not query:
        return list(session.exec(statement))
    # "st marks" finds St Mark's: apostrophes (straight or curly) count for nothing.
    bare_name = func.replace(func.replace(Area.name, "'", ""), "\u2019", "")
    bare_query = query.replace("'", "").replace("\u2019", "")
    conditions = [
        Area.name.ilike(_like_pattern(query), escape="\\"),
        bare_name.ilike(_like_pattern(bare_query), escape="\\"),
    ]
    if district := postcode_district(query):
        in_district = select(AreaPostcodeDistrict.area_id).where(
            AreaPostcodeDistrict.district == district
        )
        conditions.append(Area.id.in_(in_district))
    return list(session.exec(statement.where(or_(*conditions))))


def get_area(*, session: Session, slug: str) -> Area | None:
    if not SLUG.match(slug) or len(slug) > 80:
        return None
    return session.exec(select(Area).where(Area.slug == slug)).first()


@dataclass
class OptionView:
    level: Level
    option: Option
    budget: OptionBudget


@dataclass
class FunctionView:
    function: Function
    options: list[OptionView] = field(default_factory=list)


@dataclass
class AreaMenu:
    area: Area
    council: Council
    version: MenuVersion | None
    levels: list[Level]
    functions: list[FunctionView]
    uplift_bp: int
    conditions: dict[str, dict] = field(default_factory=dict)

    def function(self, key: str) -> FunctionView | None:
        return next((f for f in self.functions if f.function.key == key), None)


def area_menu(*, session: Session, area: Area) -> AreaMenu:
    """The latest version of the area's menu, with every option's budget for the area."""
    version = latest_version(session, area.menu_id) if area.menu_id else None
    return menu_for_version(session=session, area=area, version=version)


def menu_for_version(*, session: Session, area: Area, version: MenuVersion | None) -> AreaMenu:
    """One version of a menu as the area sees it: levels, functions, options, budgets."""
    council = session.get(Council, area.council_id)
    if version is None:
        return AreaMenu(area, council, None, [], [], 0)
    content = menu_content(session, version)
    level_by_id = {level.id: level for level in content.levels}
    functions = {f.id: FunctionView(f) for f in content.functions}
    uplift = uplift_for_decile(version.uplift_bp, area.deprivation_decile)
    for option in content.options:
        view = functions[option.function_id]
        budget = option_budget(
            cost_per_household_pence=view.function.cost_per_household_pence,
            households=area.households,
            budget_share_bp=option.budget_share_bp,
            uplift_bp=uplift,
        )
        view.options.append(OptionView(level_by_id[option.level_id], option, budget))
    for view in functions.values():
        view.options.sort(key=lambda o: o.level.rank)
    return AreaMenu(
        area,
        council,
        version,
        list(content.levels),
        list(functions.values()),
        uplift,
        content.conditions,
    )
