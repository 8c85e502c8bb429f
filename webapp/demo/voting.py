"""Demo households, an open vote in Ashworth Estate and a closed one in Canal Side."""

import random
from datetime import timedelta

from sqlmodel import Session, select

from webapp.areas.models import Area
from webapp.db import utcnow
from webapp.voting.ballots import NO_PREFERENCE, cast_ballot
from webapp.voting.codes import derived_code, format_code
from webapp.voting.letters import issue_codes
from webapp.voting.models import Ballot, BallotCode, Household, VotingRound
from webapp.voting.queries import round_menu
from webapp.voting.register import RegisterRow, import_register
from webapp.voting.rounds import open_round

STREETS = ["Ashworth Road", "Beech Walk", "Canal Street", "Dale Court", "Elm Grove", "Fern Close"]
# Demo codes are derived from this public seed so `make run` can print them every time.
# Real rounds use random codes that are never stored.
DEMO_SEED = b"neighbourhood-menu demo codes (public, never for a real vote)"
DEMO_VOTERS_PER_HOUSEHOLD = (1, 2, 2, 3, 1, 2)


def _register(session: Session, area: Area, index: int) -> None:
    district = {"ashworth-estate": "MB4", "canal-side": "MB2", "st-marks": "MB1"}.get(
        area.slug, "MB12"
    )
    languages = [lang for lang in area.languages if lang != "en"]
    rows = []
    for n in range(area.households):
        street = STREETS[n % len(STREETS)]
        language = languages[n % len(languages)] if languages and n % 4 == 0 else None
        rows.append(
            RegisterRow(
                line=n + 2,
                uprn=str(100_000_000_000 + index * 100_000 + n),
                address=f"{n // len(STREETS) + 1} {street}, {area.name}",
                postcode=f"{district} {n % 9 + 1}{'ABDEFG'[n % 6]}{'HJLNPQ'[n % 6]}",
                eligible_voters=DEMO_VOTERS_PER_HOUSEHOLD[n % len(DEMO_VOTERS_PER_HOUSEHOLD)],
                language=language,
            )
        )
    import_register(session=session, area=area, rows=rows)


def _demo_code(household: Household, number: int) -> str:
    return derived_code(DEMO_SEED, f"{household.uprn}:{number}")


def _round(session: Session, area: Area, *, opens_days: int, closes_days: int) -> VotingRound:
    existing = session.exec(select(VotingRound).where(VotingRound.area_id == area.id)).first()
    if existing:
        return existing
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    opens, closes = now + timedelta(days=opens_days), now + timedelta(days=closes_days)
    voting_round = open_round(
        session=session,
        area=area,
        opens_at=opens,
        closes_at=closes,
        quorum_percent=20,
        created_by=None,
        now=opens,
    )
    issue_codes(session=session, voting_round=voting_round, make_code=_demo_code)
    return voting_round


def _vote_in_the_past(session: Session, voting_round: VotingRound) -> None:
    """Ballots for about 40% of codes, leaning towards more community control."""
    if session.exec(select(Ballot.id).where(Ballot.round_id == voting_round.id)).first():
        return
    menu = round_menu(session=session, voting_round=voting_round)
    chooser = random.Random(voting_round.area_id)  # noqa: S311 - demo data, not security
    codes = session.exec(select(BallotCode).where(BallotCode.round_id == voting_round.id)).all()
    moment = voting_round.opens_at + timedelta(hours=1)
    for code in codes:
        if chooser.random() > 0.4:
            continue
        choices = {}
        for view in menu.functions:
            levels = [o.level.key for o in view.options] + [NO_PREFERENCE]
            choices[view.function.key] = chooser.choices(levels, weights=[2, 3, 4, 3, 2, 1])[0]
        cast_ballot(
            session=session,
            voting_round=voting_round,
            code=code,
            choices=choices,
            now=moment,
        )


def load_voting_demo(session: Session) -> list[str]:
    """Registers for every demo area, an open and a closed round; returns a few codes."""
    areas = {a.slug: a for a in session.exec(select(Area).order_by(Area.id))}
    for index, area in enumerate(areas.values()):
        _register(session, area, index)
    open_vote = _round(session, areas["ashworth-estate"], opens_days=-2, closes_days=28)
    closed_vote = _round(session, areas["canal-side"], opens_days=-45, closes_days=-15)
    _vote_in_the_past(session, closed_vote)
    return demo_ballot_codes(session, open_vote)


def demo_ballot_codes(session: Session, voting_round: VotingRound, count: int = 3) -> list[str]:
    """The first few demo codes of a demo round, as printed on the letters."""
    households = session.exec(
        select(Household)
        .where(Household.area_id == voting_round.area_id, Household.eligible_voters > 0)
        .order_by(Household.uprn)
        .limit(count)
    ).all()
    return [format_code(_demo_code(h, 0)) for h in households]
