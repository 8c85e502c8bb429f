import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from tests.factories import create_area, create_council, create_menu, create_officer, create_round
from webapp.db import utcnow
from webapp.voting.models import VotingRound
from webapp.voting.rounds import (
    AmbiguousLocalTime,
    NoMenuPublished,
    NonexistentLocalTime,
    RoundOverlaps,
    RoundTimesInvalid,
    london_to_utc,
    open_round,
)


def test_uk_times_are_stored_in_utc():
    assert london_to_utc(datetime(2026, 1, 10, 9, 0)) == datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
    assert london_to_utc(datetime(2026, 7, 10, 9, 0)) == datetime(2026, 7, 10, 8, 0, tzinfo=UTC)


def test_a_time_skipped_by_the_clocks_is_refused():
    with pytest.raises(NonexistentLocalTime):
        london_to_utc(datetime(2026, 3, 29, 1, 30))


@pytest.fixture
def area(db_session):
    council = create_council(db_session)
    return create_area(db_session, council=council, menu=create_menu(db_session, council))


def schedule(session, area, start_days, end_days, **kwargs):
    now = utcnow()
    return open_round(
        session=session,
        area=area,
        opens_at=now + timedelta(days=start_days),
        closes_at=now + timedelta(days=end_days),
        quorum_percent=kwargs.pop("quorum_percent", 25),
        created_by=None,
        **kwargs,
    )


def test_rounds_of_one_area_never_overlap(db_session, area):
    schedule(db_session, area, 1, 10)
    with pytest.raises(RoundOverlaps):
        schedule(db_session, area, 9, 20)
    with pytest.raises(RoundOverlaps):
        schedule(db_session, area, -5, 2)
    schedule(db_session, area, 10, 20)  # touching end to start is fine


def test_another_areas_round_may_overlap(db_session, area):
    schedule(db_session, area, 1, 10)
    other = create_area(db_session, menu=create_menu(db_session, create_council(db_session)))
    schedule(db_session, other, 1, 10)


@pytest.mark.parametrize(("start", "end"), [(5, 5), (5, 1), (-10, -1)])
def test_times_must_make_sense(db_session, area, start, end):
    with pytest.raises(RoundTimesInvalid):
        schedule(db_session, area, start, end)


def test_an_area_without_a_menu_cannot_vote(db_session):
    with pytest.raises(NoMenuPublished):
        schedule(db_session, create_area(db_session), 1, 5)


def test_officer_schedules_a_round_in_uk_time(client, auth, db_session, area):
    officer = create_officer(db_session, area)
    auth.login(officer.email)
    blank = client.get(f"/officer/areas/{area.slug}/rounds/new").get_data(as_text=True)
    assert "Turnout is measured against the ballot codes issued" in blank  # what quorum means
    assert 'aria-describedby="quorum_percent-hint"' in blank
    year = utcnow().year + 1
    form = {
        "opens_at": f"{year}-07-01T09:00",
        "closes_at": f"{year}-07-21T21:00",
        "quorum_percent": "20",
    }
    response = client.post(f"/officer/areas/{area.slug}/rounds/new", data=form)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 Jul" in page and "09:00" in page and "21:00" in page
    # The history gives the times in UK time, as entered, not in UTC.
    history = page[page.index('id="history-heading"') :]
    assert f"1 Jul {year} at 09:00 to " in history
    assert f"21 Jul {year} at 21:00, quorum 20%" in history
    again = client.post(f"/officer/areas/{area.slug}/rounds/new", data=form)
    assert again.status_code == 422
    assert "overlaps" in again.get_data(as_text=True)


def test_round_form_rejects_nonsense(client, auth, db_session, area):
    officer = create_officer(db_session, area)
    auth.login(officer.email)
    response = client.post(
        f"/officer/areas/{area.slug}/rounds/new",
        data={"opens_at": "yesterday", "closes_at": "", "quorum_percent": "250"},
    )
    assert response.status_code == 422


@pytest.mark.parametrize("quorum", ["9" * 400, "twenty", "-5", "1e3"])
def test_a_quorum_that_is_not_0_to_100_says_so(client, auth, db_session, area, quorum):
    officer = create_officer(db_session, area)
    auth.login(officer.email)
    response = client.post(
        f"/officer/areas/{area.slug}/rounds/new",
        data={
            "opens_at": "2030-01-01T09:00",
            "closes_at": "2030-01-08T17:00",
            "quorum_percent": quorum,
        },
    )
    assert response.status_code == 422
    assert response.get_data(as_text=True).count("The quorum must be from 0 to 100.") == 1
    assert (
        db_session.exec(select(VotingRound).where(VotingRound.area_id == area.id)).first() is None
    )


def test_officer_round_page_shows_live_counts(client, auth, app, db_session):
    with app.app_context():
        voting_round, area, _ = create_round(db_session, voters=4)
    officer = create_officer(db_session, area)
    auth.login(officer.email)
    page = client.get(f"/officer/rounds/{voting_round.id}").get_data(as_text=True)
    assert "Codes issued" in page and ">4<" in page


def test_the_officer_pages_titles_are_plain_text(app, client, auth, db_session):
    with app.app_context():
        voting_round, area, _ = create_round(db_session, voters=1)
    auth.login(create_officer(db_session, area).email)
    titles = {
        "/officer/areas/" + area.slug: area.name,
        f"/officer/rounds/{voting_round.id}": f"Vote in {area.name}",
    }
    for url, title in titles.items():
        page = client.get(url).get_data(as_text=True)
        assert re.search(r"<title>(.*?)</title>", page, re.S).group(1).startswith(title + " ")
        assert "History" in page  # the audit trail stays in the page


def test_a_time_the_clocks_pass_twice_is_refused():
    with pytest.raises(AmbiguousLocalTime):
        london_to_utc(datetime(2026, 10, 25, 1, 30))  # 01:30 BST, then 01:30 GMT
    assert london_to_utc(datetime(2026, 10, 25, 2, 30)) == datetime(2026, 10, 25, 2, 30, tzinfo=UTC)


def test_a_time_the_clocks_skip_is_reported_on_its_own_field(client, auth, db_session):
    council = create_council(db_session)
    area = create_area(db_session, council=council, menu=create_menu(db_session, council))
    auth.login(create_officer(db_session, area).email)
    page = client.post(
        f"/officer/areas/{area.slug}/rounds/new",
        data={
            "opens_at": "2027-03-28T01:30",
            "closes_at": "2027-04-10T12:00",
            "quorum_percent": "20",
        },
    ).get_data(as_text=True)
    assert 'id="opens_at-error"' in page and 'id="closes_at-error"' not in page
    assert "the clocks go forward then" in page
