"""A round's history read in Polish or Arabic: the app's own reasons in the reader's
language, times in UK time written their way (never ISO, never UTC); rows written
before reasons were stored without words still read as they were written."""

from datetime import UTC, datetime

import pytest

from tests.factories import create_area, create_council, create_menu, create_officer
from webapp.audit.models import AuditEvent
from webapp.voting.rounds import open_round

OPENS = datetime(2027, 7, 1, 8, 0, tzinfo=UTC)  # 09:00 in London (summer time)
CLOSES = datetime(2027, 12, 1, 17, 30, tzinfo=UTC)  # 17:30 in London (winter)


@pytest.fixture
def scheduled(db_session):
    council = create_council(db_session)
    area = create_area(db_session, council=council, menu=create_menu(db_session, council))
    officer = create_officer(db_session, area)
    voting_round = open_round(
        session=db_session,
        area=area,
        opens_at=OPENS,
        closes_at=CLOSES,
        quorum_percent=20,
        created_by=officer,
        now=datetime(2027, 6, 1, tzinfo=UTC),
    )
    return voting_round, officer


def history_of(client, auth, voting_round, officer, language: str) -> str:
    auth.login(officer.email)
    page = client.get(f"/officer/rounds/{voting_round.id}?lang={language}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    return html[html.index('id="history-heading"') :]


@pytest.mark.parametrize(
    ("language", "action", "opens", "closes"),
    [
        ("pl", "Zaplanowano głosowanie", "1 lip 2027, godz. 09:00", "1 gru 2027, godz. 17:30"),
        ("ar", "جدولة تصويت", "1 يوليو 2027 الساعة 09:00", "1 ديسمبر 2027 الساعة 17:30"),
        ("en", "Vote scheduled", "Thu, 1 Jul 2027 at 09:00", "Wed, 1 Dec 2027 at 17:30"),
    ],
)
def test_a_scheduled_round_reads_in_the_readers_language_in_uk_time(
    client, auth, db_session, scheduled, language, action, opens, closes
):
    history = history_of(client, auth, *scheduled, language)
    assert action in history
    assert opens in history and closes in history
    assert "20%" in history or "20٪" in history
    assert "2027-07-01" not in history  # not ISO
    assert opens.replace("09:00", "08:00") not in history  # not UTC (the page's own
    # "When" column shows today's times, which may be 08:00)


def test_an_english_reason_written_before_reads_as_it_was_written(
    client, auth, db_session, scheduled
):
    voting_round, officer = scheduled
    old = "2027-07-01T09:00+01:00 to 2027-12-01T17:30+00:00, quorum 20%"
    db_session.add(
        AuditEvent(
            council_id=officer.council_id,
            object_type="round",
            object_id=voting_round.id,
            action="rescheduled",
            actor_id=officer.id,
            reason=old,
        )
    )
    db_session.flush()
    assert old in history_of(client, auth, voting_round, officer, "pl")
