"""Claims tests' setting: an area whose vote supports a level, a group and an officer."""

from datetime import date, timedelta

import pytest

from tests.factories import (
    create_area,
    create_council,
    create_group,
    create_menu,
    create_officer,
    create_round,
    create_user,
)
from webapp.claims.evidence import store_evidence
from webapp.claims.services import check_condition, draft_claim
from webapp.claims.workflow import (
    transition,
)
from webapp.db import utcnow
from webapp.voting.ballots import cast_ballot, find_code

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
TEXTS = {
    "delivery": "Mowing every fortnight.",
    "capability": "Ten volunteers.",
    "finances": "Two signatories.",
    "involvement": "Open meetings.",
    "outcomes": "Tidier lawns.",
    "start_date": date(2027, 4, 1),
}


@pytest.fixture
def setting(app, db_session):
    """An area whose closed vote chose "delegate" for grass cutting, a group, an officer."""
    council = create_council(db_session)
    area = create_area(db_session, council=council, menu=create_menu(db_session, council))
    close_a_vote(app, db_session, area, grass_cutting="delegate", ago=timedelta(minutes=1))
    lead = create_user(db_session)
    group = create_group(db_session, council=council, lead=lead)
    officer = create_officer(db_session, area)
    return area, group, lead, officer


def close_a_vote(app, session, area, *, grass_cutting: str, ago=timedelta(seconds=5)):
    """A vote in the area, closed `ago`, in which all three residents chose `grass_cutting`."""
    with app.app_context():
        voting_round, _, codes = create_round(session, area=area, voters=3)
        for code in codes:
            cast_ballot(
                session=session,
                voting_round=voting_round,
                code=find_code(session=session, voting_round=voting_round, typed=code),
                choices={"grass-cutting": grass_cutting, "caretaking": "consult"},
            )
    voting_round.closes_at = utcnow() - ago
    session.flush()
    return voting_round


def claim_for(session, setting, level="delegate", function="grass-cutting", **texts):
    area, group, lead, _ = setting
    return draft_claim(
        session=session,
        group=group,
        area=area,
        function_key=function,
        level_key=level,
        by=lead,
        **{**TEXTS, **texts},
    )


def approve_ready(session, app, claim, *, lead, officer):
    """Submit, review and evidence every condition of a claim."""
    transition(session=session, claim=claim, action="submit", actor=lead)
    transition(session=session, claim=claim, action="start_review", actor=officer)
    with app.app_context():
        evidence = store_evidence(
            session=session,
            claim=claim,
            data=PDF,
            filename="insurance.pdf",
            condition_key="insurance",
            by=lead,
        )
    check_condition(
        session=session, claim=claim, condition_key="insurance", evidence_id=evidence.id, by=officer
    )
