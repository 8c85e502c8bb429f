"""`flask translate extract|update|compile|init LANG`: the interface's catalogues."""

import subprocess
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "translations"
TEMPLATE = CATALOGUES / "messages.pot"

translate_cli = AppGroup("translate", help="Extract, update and compile translations.")


def _pybabel(*args: str) -> None:
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    result = subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603 - our own arguments
    if result.returncode:
        raise click.ClickException(f"pybabel {args[0]} failed")


def extract() -> None:
    _pybabel(
        "extract",
        "-F",
        str(CATALOGUES / "babel.cfg"),
        "-k",
        "_l",
        "-k",
        "lazy_gettext",
        "--no-location",
        "--sort-output",
        "--project",
        "neighbourhood-menu",
        "--copyright-holder",
        "Neighbourhood Menu",
        "-o",
        str(TEMPLATE),
        "webapp",
    )


@translate_cli.command("extract")
def extract_command() -> None:
    """Write translations/messages.pot from the code and templates."""
    extract()


@translate_cli.command("update")
def update_command() -> None:
    """Extract, then merge new and changed messages into every catalogue."""
    extract()
    _pybabel(
        "update",
        "-i",
        str(TEMPLATE),
        "-d",
        str(CATALOGUES),
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )


@translate_cli.command("compile")
def compile_command() -> None:
    """Compile every catalogue to .mo."""
    _pybabel("compile", "-d", str(CATALOGUES))


@translate_cli.command("init")
@click.argument("language")
def init_command(language: str) -> None:
    """Start a catalogue for a new language."""
    extract()
    _pybabel("init", "-i", str(TEMPLATE), "-d", str(CATALOGUES), "-l", language)
