"""`flask menus validate|load PATH...`"""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from webapp.areas.menu_files import MenuDefinition, MenuFileError, read_menu_file
from webapp.areas.menus import publish_menu
from webapp.db import get_db
from webapp.errors import DomainError

menus_cli = AppGroup("menus", help="Check and publish menu files (menus/*.toml).")


def _read_all(paths: tuple[Path, ...]) -> list[MenuDefinition]:
    """Every file, checked; print every error and exit 1 if any file is invalid."""
    definitions, errors, first_path = [], [], {}
    for path in paths:
        try:
            definition = read_menu_file(path)
        except MenuFileError as exc:
            errors.extend(exc.errors)
            continue
        menu = (definition.council, definition.key)
        if menu in first_path:  # both would publish, as alternate versions on every load
            errors.append(
                f"{path}: menu.key: {definition.council}/{definition.key} is also the menu of "
                f"{first_path[menu]}; give each file its own key"
            )
        first_path.setdefault(menu, path)
        definitions.append(definition)
    if errors:
        for line in errors:
            click.echo(line, err=True)
        sys.exit(1)
    return definitions


_paths = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)


@menus_cli.command("validate")
@_paths
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check menu files without loading them."""
    for definition in _read_all(paths):
        click.echo(f"{definition.source_name}: ok ({len(definition.functions)} functions)")


def load_menus(paths: tuple[Path, ...]) -> list[str]:
    """Publish the menu files in one transaction; all or nothing."""
    definitions = _read_all(paths)
    lines = []
    with get_db().session_scope() as session:
        for definition in definitions:
            result = publish_menu(session=session, definition=definition)
            state = "published" if result.created else "unchanged"
            lines.append(
                f"{definition.source_name}: {definition.council}/{definition.key} "
                f"version {result.version.version} {state}"
            )
    return lines


@menus_cli.command("load")
@_paths
def load_command(paths: tuple[Path, ...]) -> None:
    """Publish menu files; an unchanged file publishes nothing."""
    try:
        lines = load_menus(paths)
    except DomainError as exc:
        click.echo(f"Not loaded: {exc}", err=True)
        sys.exit(1)
    for line in lines:
        click.echo(line)
