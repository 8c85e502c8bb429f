"""Reading and checking menu files (`menus/*.toml`); see menus/README.md."""

import re
import tomllib
from decimal import Decimal
from pathlib import Path

from webapp.areas.menu_definitions import (
    FunctionDef,
    LevelDef,
    MenuDefinition,
    MenuFileError,
    OptionDef,
)

LANGUAGES = ("en", "cy", "pl", "ro", "pa", "ur", "ar", "bn", "so")
LEVEL_KEYS = ("consult", "involve", "collaborate", "delegate", "control")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BASIS_POINTS = Decimal(10_000)
# £10,000 per household per year: far above any local service's cost or rebate. A budget
# of it for many households can pass 2^31 pence, which is why money columns are 64-bit;
# approval refuses one beyond what a ledger line holds (ledger.posting.MAX_AMOUNT_PENCE).
MAX_PENCE = 1_000_000
# An uplift of 1 doubles a budget; more is a typo (and 1e30 broke the area page).
MAX_UPLIFT = Decimal(1)

__all__ = [
    "LANGUAGES",
    "LEVEL_KEYS",
    "FunctionDef",
    "LevelDef",
    "MenuDefinition",
    "MenuFileError",
    "OptionDef",
    "parse_menu",
    "read_menu_file",
]


class _Checker:
    """Collects every problem with a parsed file, each with its key path."""

    def __init__(self, filename: str):
        self.filename = filename
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{self.filename}: {path}: {message}")

    def table(self, data, path: str, required: set[str], optional: set[str] = frozenset()):
        if not isinstance(data, dict):
            self.error(path, "must be a table")
            return None
        for key in sorted(set(data) - required - set(optional)):
            self.error(f"{path}.{key}" if path else key, "unknown key")
        for key in sorted(required - set(data)):
            self.error(f"{path}.{key}" if path else key, "is required")
        return data

    def text(self, data, path: str):
        if not isinstance(data, dict):
            self.error(path, 'must be a table of languages, such as { en = "..." }')
            return {}
        for lang, value in data.items():
            if lang not in LANGUAGES:
                self.error(f"{path}.{lang}", f"unknown language (known: {', '.join(LANGUAGES)})")
            elif not isinstance(value, str) or not value.strip():
                self.error(f"{path}.{lang}", "must be non-empty text")
        if "en" not in data:
            self.error(path, "missing English text (en)")
        return {k: v.strip() for k, v in data.items() if isinstance(v, str)}

    def slug(self, value, path: str) -> str:
        if not isinstance(value, str) or not SLUG.match(value):
            self.error(path, "must be lower-case letters, digits and hyphens")
            return ""
        return value

    def pence(self, value, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, f"must be a whole number of pence, not {value!r}")
            return 0
        if value < 0:
            self.error(path, f"must not be negative (got {value})")
        elif value > MAX_PENCE:
            self.error(
                path, f"must be at most {MAX_PENCE} pence (£{MAX_PENCE // 100:,}) (got {value})"
            )
        else:
            return value
        return 0

    def fraction_bp(self, value, path: str, *, upper: Decimal) -> int:
        """A fraction such as 0.35, as whole basis points (3500)."""
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.error(path, f"must be a number, not {value!r}")
            return 0
        if not Decimal(value).is_finite():  # nan and inf parse as numbers
            self.error(path, f"must be a finite number, not {value}")
            return 0
        if not 0 <= value <= upper:  # before any arithmetic on a huge exponent
            self.error(path, f"must be between 0 and {upper} (got {value})")
            return 0
        bp = Decimal(value) * BASIS_POINTS
        if bp != bp.to_integral_value():
            self.error(path, f"must have at most four decimal places (got {value})")
            return 0
        return int(bp)


def _check_levels(check: _Checker, raw) -> list[LevelDef]:
    if not isinstance(raw, list) or len(raw) < 2:
        check.error("ladder", "must have at least two levels ([[ladder]] tables)")
        return []
    levels, seen, last_rank = [], set(), None
    for i, item in enumerate(raw):
        path = f"ladder[{i}]"
        if check.table(item, path, {"key", "rank", "name"}, {"description"}) is None:
            continue
        key = item.get("key")
        if key not in LEVEL_KEYS:
            check.error(f"{path}.key", f"unknown level {key!r} (known: {', '.join(LEVEL_KEYS)})")
        elif key in seen:
            check.error(f"{path}.key", f"duplicate level {key!r}")
        seen.add(key)
        rank = item.get("rank")
        if isinstance(rank, bool) or not isinstance(rank, int):
            check.error(f"{path}.rank", "must be a whole number")
        elif last_rank is not None and rank <= last_rank:
            check.error(
                f"{path}.rank", f"ranks must be strictly increasing ({rank} after {last_rank})"
            )
        else:
            last_rank = rank
        levels.append(
            LevelDef(
                key=key if isinstance(key, str) else "",
                rank=rank if isinstance(rank, int) else 0,
                name=check.text(item.get("name"), f"{path}.name"),
                description=check.text(item.get("description", {"en": "-"}), f"{path}.description"),
            )
        )
    return levels


def _check_uplift(check: _Checker, raw) -> list[int]:
    if not isinstance(raw, dict):
        check.error("uplift", "must be a table of deciles 1..10")
        return [0] * 10
    deciles = {str(d) for d in range(1, 11)}
    for key in sorted(set(raw) - deciles):
        check.error(f"uplift.{key}", "unknown decile (deciles are 1..10)")
    for key in sorted(deciles - set(raw), key=int):
        check.error(f"uplift.{key}", "is required (every decile 1..10)")
    return [
        check.fraction_bp(raw[str(d)], f"uplift.{d}", upper=MAX_UPLIFT) if str(d) in raw else 0
        for d in range(1, 11)
    ]


def _check_conditions(check: _Checker, raw) -> dict[str, dict]:
    if not isinstance(raw, dict):
        check.error("conditions", "must be a table of conditions")
        return {}
    conditions = {}
    for key, item in raw.items():
        path = f"conditions.{key}"
        check.slug(key, path)
        if check.table(item, path, {"name"}) is not None:
            conditions[key] = check.text(item.get("name"), f"{path}.name")
    return conditions


def _check_option(check, item, path, levels, conditions) -> OptionDef | None:
    required = {"level", "budget_share", "rebate_per_household_pence", "does"}
    if check.table(item, path, required, {"conditions", "report_every_months"}) is None:
        return None
    level = item.get("level")
    if level not in levels:
        check.error(f"{path}.level", f"unknown level {level!r} (not on this menu's ladder)")
    wanted = item.get("conditions", [])
    if not isinstance(wanted, list):
        check.error(f"{path}.conditions", "must be a list of condition keys")
        wanted = []
    for j, key in enumerate(wanted):
        if key not in conditions:
            check.error(f"{path}.conditions[{j}]", f"unknown condition {key!r}")
    return OptionDef(
        level=level if isinstance(level, str) else "",
        budget_share_bp=check.fraction_bp(
            item.get("budget_share", 0), f"{path}.budget_share", upper=Decimal(1)
        ),
        rebate_per_household_pence=check.pence(
            item.get("rebate_per_household_pence", 0), f"{path}.rebate_per_household_pence"
        ),
        does=check.text(item.get("does"), f"{path}.does"),
        conditions=[str(k) for k in wanted],
        report_every_months=_report_months(check, item.get("report_every_months", 0), path),
    )


def _report_months(check: _Checker, value, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 12:
        check.error(
            f"{path}.report_every_months", f"must be a whole number from 0 to 12, not {value!r}"
        )
        return 0
    return value


def _check_functions(check, raw, levels: set[str], conditions) -> list[FunctionDef]:
    if not isinstance(raw, list) or not raw:
        check.error("functions", "must have at least one function ([[functions]] tables)")
        return []
    functions, seen = [], set()
    for i, item in enumerate(raw):
        path = f"functions[{i}]"
        required = {"key", "name", "description", "cost_per_household_pence", "charge", "options"}
        if check.table(item, path, required) is None:
            continue
        key = check.slug(item.get("key"), f"{path}.key")
        if key and key in seen:
            check.error(f"{path}.key", f"duplicate function {key!r}")
        seen.add(key)
        function = FunctionDef(
            key=key,
            name=check.text(item.get("name"), f"{path}.name"),
            description=check.text(item.get("description"), f"{path}.description"),
            charge=check.text(item.get("charge"), f"{path}.charge"),
            cost_per_household_pence=check.pence(
                item.get("cost_per_household_pence", 0), f"{path}.cost_per_household_pence"
            ),
        )
        options = item.get("options", [])
        if not isinstance(options, list) or not options:
            check.error(f"{path}.options", "must have at least one option")
            options = []
        for j, raw_option in enumerate(options):
            option = _check_option(check, raw_option, f"{path}.options[{j}]", levels, conditions)
            if option is None:
                continue
            if option.level and option.level in {o.level for o in function.options}:
                check.error(f"{path}.options[{j}].level", f"second option for {option.level!r}")
            function.options.append(option)
        functions.append(function)
    return functions


def _syntax_error(filename: str, exc: tomllib.TOMLDecodeError) -> str:
    """A TOML syntax error as 'file: line N, column M: problem'."""
    message = str(exc)
    where = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if where is None:
        return f"{filename}: {message}"
    problem = message[: where.start()]
    if problem.startswith(("Cannot overwrite", "Cannot declare")):
        problem += " (a key or table is given twice)"
    return f"{filename}: line {where.group(1)}, column {where.group(2)}: {problem}"


def parse_menu(text: str, filename: str) -> MenuDefinition:
    """Parse and check a menu file's text; raise MenuFileError listing every problem."""
    check = _Checker(filename)
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise MenuFileError([_syntax_error(filename, exc)]) from None
    top = {"menu", "ladder", "uplift", "functions"}
    check.table(data, "", top, {"conditions"})
    menu = check.table(data.get("menu", {}), "menu", {"key", "council", "name"}, {"description"})
    menu = menu or {}
    levels = _check_levels(check, data.get("ladder"))
    conditions = _check_conditions(check, data.get("conditions", {}))
    definition = MenuDefinition(
        key=check.slug(menu.get("key"), "menu.key") if "key" in menu else "",
        council=check.slug(menu.get("council"), "menu.council") if "council" in menu else "",
        name=check.text(menu.get("name"), "menu.name") if "name" in menu else {},
        description=check.text(menu.get("description", {"en": ""}) or {}, "menu.description")
        if "description" in menu
        else {"en": ""},
        levels=levels,
        uplift_bp=_check_uplift(check, data.get("uplift")),
        conditions=conditions,
        functions=_check_functions(
            check, data.get("functions"), {lv.key for lv in levels}, conditions
        ),
        source_name=Path(filename).name,
    )
    if check.errors:
        raise MenuFileError(check.errors)
    return definition


def read_menu_file(path: Path) -> MenuDefinition:
    """Read and check one menu file, with its translations (menus/translations/)."""
    from webapp.areas.menu_translations import apply_translation, translation_paths

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MenuFileError([f"{path}: cannot be read ({exc})"]) from None
    definition = parse_menu(text, str(path))
    problems = []
    for lang, translation in translation_paths(path):
        problems.extend(apply_translation(definition, lang, translation))
    if problems:
        raise MenuFileError(problems)
    return definition
