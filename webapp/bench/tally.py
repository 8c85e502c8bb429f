"""tally_1m_s: the tally of 1,000,000 ballots x 10 functions, with the real tally code."""

import random
import time

from sqlalchemy import text
from sqlmodel import Session, select

from webapp.areas.menu_files import parse_menu
from webapp.areas.menus import publish_menu
from webapp.areas.models import Area, Council, MenuFunction, MenuLevel
from webapp.bench.bulk import bulk_insert
from webapp.db import utcnow
from webapp.voting.models import VotingRound
from webapp.voting.queries import round_menu
from webapp.voting.tally import tally_round

LEVELS = ("consult", "involve", "collaborate", "delegate", "control")
BATCH = 50_000


def _menu_toml(functions: int) -> str:
    ladder = "".join(
        f'[[ladder]]\nkey = "{k}"\nrank = {i + 1}\nname = {{ en = "{k}" }}\n\n'
        for i, k in enumerate(LEVELS)
    )
    uplift = "[uplift]\n" + "".join(f"{d} = 0\n" for d in range(1, 11))
    body = ""
    for f in range(functions):
        body += (
            f'[[functions]]\nkey = "f{f}"\nname = {{ en = "F{f}" }}\n'
            f'description = {{ en = "F{f}" }}\ncost_per_household_pence = 1000\n'
            f'charge = {{ en = "Charge" }}\n'
        )
        for k in LEVELS:
            body += (
                f'[[functions.options]]\nlevel = "{k}"\nbudget_share = 0\n'
                f'rebate_per_household_pence = 0\ndoes = {{ en = "{k}" }}\n'
            )
    return (
        '[menu]\nkey = "bench"\ncouncil = "bench"\nname = { en = "Bench" }\n\n'
        + ladder
        + uplift
        + body
    )


def _setup(session: Session, functions: int) -> tuple[VotingRound, list[int], list[int]]:
    council = Council(slug="bench", name="Bench")
    session.add(council)
    session.flush()
    version = publish_menu(
        session=session, definition=parse_menu(_menu_toml(functions), "bench.toml")
    ).version
    area = Area(
        council_id=council.id,
        menu_id=version.menu_id,
        slug="bench",
        name="Bench",
        kind="estate",
        households=20_000,
        deprivation_decile=5,
        languages=["en"],
    )
    session.add(area)
    session.flush()
    now = utcnow()
    voting_round = VotingRound(
        area_id=area.id,
        menu_version_id=version.id,
        opens_at=now,
        closes_at=now.replace(year=now.year + 1),
        quorum_percent=0,
    )
    session.add(voting_round)
    session.flush()
    function_ids = list(
        session.exec(select(MenuFunction.id).where(MenuFunction.menu_version_id == version.id))
    )
    level_ids = list(
        session.exec(select(MenuLevel.id).where(MenuLevel.menu_version_id == version.id))
    )
    return voting_round, function_ids, level_ids


def _rows(voting_round, ballots, function_ids, level_ids):
    """Households, codes, ballots and choices as plain tuples, in batches."""
    chooser = random.Random(1)  # noqa: S311 - benchmark data
    households = ballots // 50
    yield (
        "household",
        ("id", "area_id", "uprn", "address", "postcode", "eligible_voters", "updated_at"),
        [
            (
                h + 1,
                voting_round.area_id,
                str(h + 1),
                f"{h + 1} Bench Street",
                "MB1 1AA",
                50,
                utcnow().replace(tzinfo=None),
            )
            for h in range(households)
        ],
    )
    now = utcnow().replace(tzinfo=None)
    weights = [2, 3, 4, 3, 2]
    choices_of = [*level_ids, None]
    for start in range(0, ballots, BATCH):
        ids = range(start + 1, min(start + BATCH, ballots) + 1)
        yield (
            "ballot_code",
            ("id", "round_id", "household_id", "code_hash", "issued_at"),
            [(i, voting_round.id, (i - 1) // 50 + 1, f"{i:064x}", now) for i in ids],
        )
        yield (
            "ballot",
            ("id", "round_id", "code_id", "channel", "submitted_at", "updated_at"),
            [(i, voting_round.id, i, "web", now, now) for i in ids],
        )
        picks = chooser.choices(choices_of, weights=[*weights, 1], k=len(ids) * len(function_ids))
        yield (
            "ballot_choice",
            ("ballot_id", "round_id", "function_id", "level_id"),
            [
                (i, voting_round.id, f, picks[n * len(function_ids) + j])
                for n, i in enumerate(ids)
                for j, f in enumerate(function_ids)
            ],
        )


def measure_tally(app, *, ballots: int = 1_000_000, functions: int = 10) -> float:
    """Seconds for tally_round over `ballots` ballots of `functions` choices each."""
    from webapp.db import get_db

    database = get_db(app)
    with app.app_context(), database.session_scope() as session:
        voting_round, function_ids, level_ids = _setup(session, functions)
    bulk_insert(database.engine, _rows(voting_round, ballots, function_ids, level_ids))
    with database.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("ANALYZE"))
        else:
            connection.exec_driver_sql("ANALYZE")
    with app.app_context(), database.session_scope() as session:
        menu = round_menu(session=session, voting_round=voting_round)
        tally_round(session=session, voting_round=voting_round, menu=menu)  # warm the cache
        started = time.perf_counter()
        result = tally_round(session=session, voting_round=voting_round, menu=menu)
        elapsed = time.perf_counter() - started
    if result.ballots != ballots:
        raise RuntimeError(f"tallied {result.ballots} ballots, expected {ballots}")
    return elapsed
