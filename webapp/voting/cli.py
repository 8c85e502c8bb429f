"""`flask register import FILE.csv --area SLUG`"""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from webapp.areas.services import get_area
from webapp.db import get_db
from webapp.voting.register import RegisterInvalid, import_register, parse_register
from webapp.voting.register_history import record_import

register_cli = AppGroup("register", help="The household register.")


@register_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--area", "slug", required=True, help="The area's slug, as in /areas/<slug>.")
def import_command(path: Path, slug: str) -> None:
    """Import or update an area's households from CSV; nothing is imported on any error."""
    with get_db().session_scope() as session:
        area = get_area(session=session, slug=slug)
        if area is None:
            click.echo(f"No area with the slug {slug!r}.", err=True)
            sys.exit(1)
        try:
            rows = parse_register(path.read_bytes(), area)
            result = import_register(session=session, area=area, rows=rows)
            record_import(
                session=session,
                area=area,
                result=result,
                actor=None,
                source=path.name,
                command_line=True,
            )
        except RegisterInvalid as exc:
            click.echo(f"{path}: {exc.message}", err=True)
            for error in exc.errors:
                click.echo(f"{path}: {error}", err=True)
            sys.exit(1)
    click.echo(
        f"{area.name}: {result.created} added, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.not_in_file} not in this file (kept)."
    )
    if result.codes_withdrawn_total:
        click.echo(
            f"{result.codes_withdrawn_total} unused ballot codes withdrawn: their households "
            "now have fewer eligible voters."
        )
    if result.ballots_beyond_voters_total:
        click.echo(
            f"{result.ballots_beyond_voters_total} ballots already cast beyond their "
            "households' eligible voters now: they still count. Check the register."
        )
