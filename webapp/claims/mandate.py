"""The Mandate rule: a claim needs the latest closed vote to support its level."""

from dataclasses import dataclass

from sqlmodel import Session

from webapp.areas.menu_files import LEVEL_KEYS
from webapp.voting.models import VotingRound
from webapp.voting.queries import round_menu
from webapp.voting.rounds import latest_closed_round
from webapp.voting.tally import tally_round


@dataclass
class Mandate:
    voting_round: VotingRound | None
    outcome_key: str | None  # None: no vote, or no mandate

    def supports(self, level_key: str) -> bool:
        if self.outcome_key is None:
            return False
        return LEVEL_KEYS.index(self.outcome_key) >= LEVEL_KEYS.index(level_key)


def mandate_for(*, session: Session, area_id: int, function_key: str) -> Mandate:
    """The outcome for a function in the area's most recently closed round."""
    voting_round = latest_closed_round(session=session, area_id=area_id)
    if voting_round is None:
        return Mandate(None, None)
    menu = round_menu(session=session, voting_round=voting_round)
    result = tally_round(session=session, voting_round=voting_round, menu=menu)
    for function_result in result.functions:
        if function_result.function.key == function_key:
            outcome = function_result.outcome
            return Mandate(voting_round, outcome.key if outcome else None)
    return Mandate(voting_round, None)
