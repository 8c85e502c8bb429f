"""Menu translations: one file per menu and language, beside the menus.

`menus/translations/estate.cy.toml` holds the Welsh of `menus/estate.toml`:

    [menu]
    name = "..."
    description = "..."
    [ladder.consult]
    name = "..."
    description = "..."
    [conditions.public-liability-insurance]
    name = "..."
    [functions.grass-cutting]
    name = "..."
    description = "..."
    charge = "..."
    [functions.grass-cutting.options.consult]
    does = "..."
"""

import tomllib
from pathlib import Path

LANGUAGES = ("cy", "pl", "ro", "pa", "ur", "ar", "bn", "so")


def translation_paths(menu_path: Path) -> list[tuple[str, Path]]:
    folder = menu_path.parent / "translations"
    return [
        (lang, folder / f"{menu_path.stem}.{lang}.toml")
        for lang in LANGUAGES
        if (folder / f"{menu_path.stem}.{lang}.toml").exists()
    ]


def _texts(definition) -> dict[str, dict]:
    """Every translatable text table of a menu, by its key path in a translation file."""
    texts = {"menu.name": definition.name, "menu.description": definition.description}
    for level in definition.levels:
        texts[f"ladder.{level.key}.name"] = level.name
        texts[f"ladder.{level.key}.description"] = level.description
    for key, name in definition.conditions.items():
        texts[f"conditions.{key}.name"] = name
    for function in definition.functions:
        for part in ("name", "description", "charge"):
            texts[f"functions.{function.key}.{part}"] = getattr(function, part)
        for option in function.options:
            texts[f"functions.{function.key}.options.{option.level}.does"] = option.does
    return texts


def _flatten(data: dict, prefix: str = "") -> dict[str, object]:
    flat = {}
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flat.update(_flatten(value, path))
        else:
            flat[path] = value
    return flat


def apply_translation(definition, lang: str, path: Path) -> list[str]:
    """Merge one translation file into a parsed menu; return its problems."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return [f"{path}: {exc}"]
    texts, problems = _texts(definition), []
    for key, value in _flatten(data).items():
        if key not in texts:
            problems.append(
                f"{path}: {key}: not in the menu (a typo, or text the menu does not have)"
            )
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{path}: {key}: must be non-empty text")
        else:
            texts[key][lang] = value.strip()
    return problems


def missing_translations(definition, languages=LANGUAGES) -> list[str]:
    """Every text the menu lacks in a language (shown in English until it is written)."""
    return [
        f"{key} [{lang}]"
        for key, text in _texts(definition).items()
        if text.get("en")
        for lang in languages
        if not text.get(lang)
    ]
