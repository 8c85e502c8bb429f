"""Read-only views of rounds and ballots for pages."""

from dataclasses import dataclass

from sqlmodel import Session, select

from webapp.areas.menus import latest_version
from webapp.areas.models import Area, MenuVersion
from webapp.areas.services import AreaMenu, menu_for_version
from webapp.auth.models import User
from webapp.voting.ballots import choices_of
from webapp.voting.models import Ballot, BallotCode, VotingRound
from webapp.voting.rounds import open_round_for_area


def round_menu(*, session: Session, voting_round: VotingRound) -> AreaMenu:
    """The menu version a round votes on, as its area sees it."""
    area = session.get(Area, voting_round.area_id)
    version = session.get(MenuVersion, voting_round.menu_version_id)
    return menu_for_version(session=session, area=area, version=version)


def public_menu(*, session: Session, area: Area) -> tuple[AreaMenu, MenuVersion | None]:
    """The menu the area's pages show, and a newer version waiting, if any.

    While a vote is open, the pages show the version residents are voting on, so the
    options and budgets read beside the ballot are the ones on it; a version published
    since applies from the next vote.
    """
    latest = latest_version(session, area.menu_id) if area.menu_id else None
    voting_round = open_round_for_area(session=session, area=area)
    if voting_round is None or latest is None or voting_round.menu_version_id == latest.id:
        return menu_for_version(session=session, area=area, version=latest), None
    return round_menu(session=session, voting_round=voting_round), latest


@dataclass
class LinkedBallot:
    code_id: int
    area: Area
    voting_round: VotingRound
    ballot: Ballot | None
    menu: AreaMenu
    choices: dict[str, str]


def user_ballots(*, session: Session, user: User) -> list[LinkedBallot]:
    """Every ballot code linked to the user's account, with its ballot if cast."""
    linked = []
    codes = session.exec(
        select(BallotCode).where(BallotCode.user_id == user.id).order_by(BallotCode.id.desc())
    )
    for code in codes:
        voting_round = session.get(VotingRound, code.round_id)
        menu = round_menu(session=session, voting_round=voting_round)
        ballot = session.exec(select(Ballot).where(Ballot.code_id == code.id)).first()
        choices = choices_of(session=session, ballot=ballot, menu=menu) if ballot else {}
        linked.append(LinkedBallot(code.id, menu.area, voting_round, ballot, menu, choices))
    return linked
