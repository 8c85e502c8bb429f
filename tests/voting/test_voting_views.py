from datetime import timedelta

import pytest
from sqlmodel import func, select

from tests.factories import create_officer, create_round, create_user
from webapp.auth.models import Role
from webapp.db import utcnow
from webapp.voting.models import Ballot

FULL = {"choice-grass-cutting": "delegate", "choice-caretaking": "none"}


@pytest.fixture
def vote(app, db_session):
    with app.app_context():
        return create_round(db_session, voters=3)


def enter(client, area, code):
    return client.post(f"/areas/{area.slug}/vote", data={"code": code})


def vote_with(client, area, code, choices=FULL):
    assert enter(client, area, code).status_code == 302
    assert client.post(f"/areas/{area.slug}/vote/ballot", data=choices).status_code == 302
    return client.post(f"/areas/{area.slug}/vote/submit", data={})


def ballots(session) -> int:
    return session.exec(select(func.count()).select_from(Ballot)).one()


def test_qr_link_fills_in_the_code(client, vote):
    _, area, codes = vote
    page = client.get(f"/areas/{area.slug}/vote?code={codes[0]}").get_data(as_text=True)
    assert f'value="{codes[0]}"' in page


def test_the_whole_ballot_without_javascript(client, db_session, vote):
    _, area, codes = vote
    response = enter(client, area, codes[0].lower().replace("-", " "))
    assert response.headers["Location"].endswith(f"/areas/{area.slug}/vote/ballot")
    page = client.get(f"/areas/{area.slug}/vote/ballot").get_data(as_text=True)
    assert "0 of 2 chosen" in page
    assert "A group organises the mowing." in page
    assert "Budget: £13,200.00 a year" in page  # 2400p x 1000 x 0.5, plus 10% for decile 5
    assert client.post(f"/areas/{area.slug}/vote/ballot", data=FULL).status_code == 302
    review = client.get(f"/areas/{area.slug}/vote/review").get_data(as_text=True)
    assert "Delegate" in review and "No preference" in review
    done = client.post(f"/areas/{area.slug}/vote/submit", data={})
    assert done.headers["Location"].endswith("/vote/done")
    assert "your ballot is counted" in client.get(done.headers["Location"]).get_data(as_text=True)
    assert ballots(db_session) == 1


def test_a_missing_choice_is_shown_and_what_was_chosen_kept(client, vote):
    _, area, codes = vote
    enter(client, area, codes[0])
    response = client.post(
        f"/areas/{area.slug}/vote/ballot", data={"choice-grass-cutting": "control"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose a level, or “no preference”, for every service." in page
    assert 'value="control" checked' in page
    assert client.get(f"/areas/{area.slug}/vote/review").status_code == 302  # not yet complete


def test_a_level_not_on_the_menu_is_refused(client, db_session, vote):
    _, area, codes = vote
    enter(client, area, codes[0])
    response = client.post(
        f"/areas/{area.slug}/vote/ballot",
        data={"choice-grass-cutting": "involve", "choice-caretaking": "none"},
    )
    assert response.status_code == 422
    assert "not on this menu" in response.get_data(as_text=True)
    assert ballots(db_session) == 0


def test_htmx_saves_each_choice_and_answers_with_progress(client, vote):
    _, area, codes = vote
    enter(client, area, codes[0])
    headers = {"HX-Request": "true"}
    response = client.post(
        f"/areas/{area.slug}/vote/choice", data={"choice-grass-cutting": "control"}, headers=headers
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.strip().startswith("<p>")  # what goes inside #progress, which stays
    assert 'id="progress"' not in body
    assert "1 of 2 chosen" in body
    assert "HX-Request" in response.headers["Vary"]
    page = client.get(f"/areas/{area.slug}/vote/ballot").get_data(as_text=True)
    assert 'value="control" checked' in page


def test_htmx_choice_without_a_session_says_so(client, vote):
    _, area, _ = vote
    response = client.post(f"/areas/{area.slug}/vote/choice", headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert "Enter your code again" in response.get_data(as_text=True)


def test_entering_the_code_again_shows_and_replaces_the_ballot(client, db_session, vote):
    _, area, codes = vote
    vote_with(client, area, codes[0])
    enter(client, area, codes[0])
    page = client.get(f"/areas/{area.slug}/vote/ballot").get_data(as_text=True)
    assert 'value="delegate" checked' in page
    vote_with(
        client, area, codes[0], {"choice-grass-cutting": "consult", "choice-caretaking": "consult"}
    )
    assert ballots(db_session) == 1


def test_a_wrong_code_says_so_and_changes_nothing(client, db_session, vote):
    _, area, _ = vote
    response = enter(client, area, "2222-2222-2222")
    assert response.status_code == 422
    assert "We do not recognise that code" in response.get_data(as_text=True)
    malformed = enter(client, area, "<script>")
    assert malformed.status_code == 422
    assert 'value="&lt;script&gt;"' in malformed.get_data(as_text=True)


def test_after_close_the_code_is_refused(client, db_session, vote):
    voting_round, area, codes = vote
    voting_round.closes_at = utcnow() - timedelta(minutes=1)
    db_session.flush()
    response = enter(client, area, codes[0])
    assert response.status_code == 409
    assert "Voting closed on" in response.get_data(as_text=True)


def test_closing_between_review_and_submit_refuses_cleanly(client, db_session, vote):
    voting_round, area, codes = vote
    enter(client, area, codes[0])
    client.post(f"/areas/{area.slug}/vote/ballot", data=FULL)
    voting_round.closes_at = utcnow() - timedelta(seconds=1)
    db_session.flush()
    response = client.post(f"/areas/{area.slug}/vote/submit", data={})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/areas/{area.slug}/vote")
    assert ballots(db_session) == 0


def test_guessing_codes_is_rate_limited(client, vote):
    _, area, codes = vote
    statuses = [enter(client, area, f"2222-2222-22{n:02d}").status_code for n in range(12)]
    assert statuses[:10] == [422] * 10
    assert statuses[10:] == [429, 429]
    assert enter(client, area, codes[0]).status_code == 429


def test_successful_code_entries_are_not_limited(client, vote):
    _, area, codes = vote
    assert {enter(client, area, codes[0]).status_code for _ in range(15)} == {302}


def test_results_are_public_only_after_close(client, auth, db_session, vote):
    voting_round, area, codes = vote
    vote_with(client, area, codes[0])
    pending = client.get(f"/rounds/{voting_round.id}/results").get_data(as_text=True)
    assert "still open" in pending and "<svg" not in pending
    assert client.get(f"/rounds/{voting_round.id}/results.csv").status_code == 404

    auth.login(create_officer(db_session, area).email)
    live = client.get(f"/rounds/{voting_round.id}/results").get_data(as_text=True)
    assert "Live turnout" in live and "1 of 3 eligible voters" in live
    assert "Reached so far: at least 0% have voted" in live  # the factory's quorum is 0
    # How people voted stays sealed until close, from the council too.
    assert "Result:" not in live and "<svg" not in live
    assert client.get(f"/rounds/{voting_round.id}/results.csv").status_code == 404
    auth.logout()

    voting_round.closes_at = utcnow() - timedelta(minutes=1)
    db_session.flush()
    page = client.get(f"/rounds/{voting_round.id}/results").get_data(as_text=True)
    assert "Result: Delegate" in page
    assert '<svg class="chart"' in page
    assert "more than half" in page
    csv_text = client.get(f"/rounds/{voting_round.id}/results.csv").get_data(as_text=True)
    row = '"grass-cutting","delegate",1,"delegate",1,0,3,True'  # text quoted, numbers not
    assert row in csv_text  # with the turnout


def test_unknown_round_results_are_404(client):
    assert client.get("/rounds/999999/results").status_code == 404


def test_officer_prints_letters_with_qr_codes(client, auth, app, db_session, vote):
    voting_round, area, _ = vote
    from tests.factories import create_household

    create_household(db_session, area=area, eligible_voters=2, language="cy")
    auth.login(create_officer(db_session, area).email)
    response = client.post(f"/officer/rounds/{voting_round.id}/letters/1", data={})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert page.count('class="letter"') == 2
    assert page.count('<svg class="qr"') == 2
    assert 'lang="cy"' in page
    again = client.post(f"/officer/rounds/{voting_round.id}/letters/1", data={})
    assert again.status_code == 302  # everyone has a code now
    reissued = client.post(f"/officer/rounds/{voting_round.id}/letters/1", data={"reissue": "1"})
    assert reissued.get_data(as_text=True).count('class="letter"') == 5


def test_officer_enters_a_paper_ballot(client, auth, db_session, vote):
    voting_round, area, codes = vote
    auth.login(create_officer(db_session, area).email)
    url = f"/officer/rounds/{voting_round.id}/paper"
    missing = client.post(url, data={"code": codes[0], "choice-grass-cutting": "control"})
    assert missing.status_code == 422
    assert ballots(db_session) == 0
    ok = client.post(url, data={"code": codes[0], **FULL})
    assert ok.status_code == 302
    assert db_session.exec(select(Ballot.channel)).one() == "paper"
    auth.logout()
    refused = enter(client, area, codes[0])
    assert refused.status_code == 422
    assert "paper ballot has already been counted" in refused.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    ["/officer", "/officer/rounds/{id}", "/officer/rounds/{id}/paper", "/officer/areas/{slug}"],
)
def test_officer_pages_refuse_residents_and_other_councils(client, auth, db_session, vote, url):
    voting_round, area, _ = vote
    url = url.format(id=voting_round.id, slug=area.slug)
    auth.login(create_user(db_session, role=Role.RESIDENT).email)
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login(create_user(db_session, role=Role.OFFICER).email)
    expected = 200 if url == "/officer" else 404
    assert client.get(url).status_code == expected


def test_results_charts_are_mirrored_in_right_to_left_languages(client, db_session, vote):
    voting_round, area, codes = vote
    vote_with(client, area, codes[0])
    voting_round.closes_at = utcnow() - timedelta(minutes=1)
    db_session.flush()
    ltr = client.get(f"/rounds/{voting_round.id}/results?lang=en").get_data(as_text=True)
    rtl = client.get(f"/rounds/{voting_round.id}/results?lang=ar").get_data(as_text=True)
    # Names and bars start at the left edge in English, at the right edge in Arabic.
    assert '<text x="2" ' in ltr and '<rect x="0" ' in ltr
    assert '<text x="328" ' in rtl and '<rect x="0" ' not in rtl
