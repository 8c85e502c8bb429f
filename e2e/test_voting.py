"""A resident votes on a phone, changes their mind, and sees the result after close."""

from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlmodel import select

from e2e.conftest import slow_answers
from webapp.areas.models import Area
from webapp.db import get_db, utcnow
from webapp.demo.voting import demo_ballot_codes
from webapp.voting.models import VotingRound


def ashworth_round(app, codes: int = 3):
    with app.app_context(), get_db(app).session_scope() as session:
        area = session.exec(select(Area).where(Area.slug == "ashworth-estate")).one()
        voting_round = session.exec(select(VotingRound).where(VotingRound.area_id == area.id)).one()
        return voting_round.id, demo_ballot_codes(session, voting_round, codes)


def close_round(app, round_id: int) -> None:
    with app.app_context(), get_db(app).session_scope() as session:
        voting_round = session.get(VotingRound, round_id)
        voting_round.closes_at = utcnow() - timedelta(minutes=1)


def test_a_ballot_can_be_completed_by_keyboard_alone(browser, base_url, live_app):
    _, codes = ashworth_round(live_app)
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/areas/ashworth-estate/vote")
    page.keyboard.press("Tab")  # the skip link comes first, and is visible when focused
    assert page.evaluate("document.activeElement.className") == "skip-link"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.get_by_label("Your ballot code").focus()
    page.keyboard.type(codes[2].lower())
    page.keyboard.press("Enter")
    page.wait_for_url("**/vote/ballot")
    groups = page.locator("fieldset.choice")
    total = groups.count()
    for i in range(total):
        groups.nth(i).locator("input[type=radio]").first.focus()
        page.keyboard.press("Space")  # choose the first level of each service
        expect(page.locator("#progress")).to_contain_text(f"{i + 1} of {total} chosen")
    page.locator("form.ballot button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/vote/review")
    page.locator("form.stack button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/vote/done")
    context.close()


def test_choices_made_faster_than_the_server_answers_are_all_counted(page: Page, live_app):
    """On a slow network a resident keeps choosing while a save is on its way: htmx
    queues the latest, and its answer must still reach the page. (htmx 4 drops a swap
    whose target has left the page, so the count swaps inside #progress.)"""
    _, codes = ashworth_round(live_app, codes=4)
    page.goto(f"/areas/ashworth-estate/vote?code={codes[3]}")
    page.get_by_role("button", name="Continue").click()
    groups = page.locator("fieldset.choice")
    total = groups.count()
    with slow_answers(live_app, "/vote/choice", 0.4):
        for i in range(total):
            groups.nth(i).locator("input[type=radio]").first.focus()
            page.keyboard.press("Space")
        expect(page.locator("#progress")).to_contain_text(f"{total} of {total} chosen")
    page.reload()
    expect(page.locator("#progress")).to_contain_text(f"{total} of {total} chosen")


def test_a_tab_left_open_on_one_code_saves_nothing_once_another_is_entered(page: Page, live_app):
    """(Before the test that closes the round.) Two people share a phone: one leaves a ballot open in a tab while the other enters
    their own code in a second tab. The first tab's choices must not land on the second
    person's ballot."""
    _, codes = ashworth_round(live_app, codes=8)
    first, second = codes[6], codes[7]
    page.goto(f"/areas/ashworth-estate/vote?code={first}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text(f"For the ballot code ending in {first[-4:]}.")).to_be_visible()

    other_tab = page.context.new_page()
    other_tab.goto(f"/areas/ashworth-estate/vote?code={second}")
    other_tab.get_by_role("button", name="Continue").click()
    expect(other_tab.get_by_text(f"For the ballot code ending in {second[-4:]}.")).to_be_visible()

    page.locator("fieldset.choice").first.locator("input[type=radio]").first.check()
    expect(page.locator("#progress")).to_contain_text("nothing from this page was saved")
    other_tab.reload()
    expect(other_tab.locator("#progress")).to_contain_text("0 of")
    other_tab.close()


def test_resident_votes_changes_and_sees_the_result(page: Page, live_app):
    round_id, codes = ashworth_round(live_app)
    code = codes[0].lower().replace("-", " ")  # as a person might type it

    page.goto("/areas/ashworth-estate/vote")
    page.get_by_label("Your ballot code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ballot")

    groups = page.locator("fieldset.choice")
    total = groups.count()
    assert total >= 8
    for i in range(total):
        groups.nth(i).locator("input[type=radio]").nth(3).check()  # "Run it day to day"
        expect(page.locator("#progress")).to_contain_text(f"{i + 1} of {total} chosen")
    # Change one: the first service to "Fully in charge".
    groups.first.locator("input[type=radio]").nth(4).check()
    expect(page.locator("#progress")).to_contain_text(f"{total} of {total} chosen")
    page.get_by_role("button", name="Review my choices").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your ballot")
    review = page.locator("dl.review")
    expect(review.locator("dd").first).to_have_text("Fully in charge")
    expect(review.locator("dd").nth(1)).to_have_text("Run it day to day")
    page.get_by_role("button", name="Send my ballot").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your ballot is counted")

    # Entering the code again shows the ballot as it was sent.
    page.goto("/areas/ashworth-estate/vote")
    page.get_by_label("Your ballot code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(groups.first.locator("input[type=radio]").nth(4)).to_be_checked()
    expect(groups.nth(1).locator("input[type=radio]").nth(3)).to_be_checked()
    expect(page.locator("#progress")).to_contain_text(f"{total} of {total} chosen")

    # After the round closes, the code is refused and the results are public.
    close_round(live_app, round_id)
    page.goto("/areas/ashworth-estate/vote")
    expect(page.get_by_role("heading", level=1)).to_contain_text("There is no vote open")
    page.get_by_role("link", name="See the results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for Ashworth Estate")
    expect(page.locator(".result__outcome").first).to_contain_text("Result:")
    expect(page.locator("svg.chart").first).to_be_visible()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
