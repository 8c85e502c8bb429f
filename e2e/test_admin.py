"""An officer approves a claim and an instalment, rejects another, a second officer approves."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import slow_answers
from tests.ledger.conftest import instalments, make_world, submitted_claim
from webapp.claims.workflow import transition
from webapp.db import get_db
from webapp.ledger.instalments import request_instalment

PASSWORD = "correct horse battery"


def setting(app):
    """Two claims under review and two instalments requested, one of them large."""
    with app.app_context(), get_db(app).session_scope() as session:
        world = make_world(app, session, threshold=300_000)
        plan = instalments(session, world)
        for instalment in plan[:2]:
            request_instalment(session=session, instalment_id=instalment.id, actor=world.treasurer)
        claims = []
        for _ in range(2):
            claim = submitted_claim(session, world, reason="browser test")
            transition(session=session, claim=claim, action="start_review", actor=world.officer)
            claims.append(claim.id)
        return {
            "officer": world.officer.email,
            "approver": world.approver.email,
            "second": world.second_approver.email,
            "claims": claims,
            "instalments": [i.id for i in plan[:2]],
            "area": world.area.slug,
        }


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You are signed in.")).to_be_visible()


def count(page: Page, name: str) -> str:
    return page.locator(f"#count-{name}").inner_text()


def decided(page: Page, row: str, state: str, javascript: bool) -> None:
    """With htmx the row changes in place; without, the page reloads with a message."""
    if javascript:
        expect(page.locator(row)).to_contain_text(state)
    else:
        expect(page.locator(".flash").first).to_contain_text(state if state != "Paid" else "Done")


def open_queue(page: Page, url: str, javascript: bool) -> None:
    page.goto(url)
    if javascript:  # htmx has taken over the forms
        page.wait_for_selector("form[data-htmx-powered]", state="attached")


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_officers_decide_claims_and_instalments(browser: Browser, base_url, live_app, javascript):
    data = setting(live_app)
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 1280, "height": 900}, base_url=base_url
    )
    page = context.new_page()
    first_claim, second_claim = (f"#claim-row-{i}" for i in data["claims"])
    sign_in(page, data["officer"])
    open_queue(page, f"/admin/claims?area={data['area']}", javascript)
    claims_before = int(count(page, "claims"))
    page.locator(first_claim).get_by_role("button", name="Approve").click()
    decided(page, first_claim, "Approved", javascript)
    page.locator(second_claim).get_by_role("button", name="Reject").click()
    expect(page.get_by_text("Give a reason").first).to_be_visible()
    page.locator(second_claim).get_by_placeholder("Reason for rejecting").fill("Duplicate claim")
    page.locator(second_claim).get_by_role("button", name="Reject").click()
    decided(page, second_claim, "Rejected", javascript)
    expect(page.locator("#count-claims")).to_have_text(str(claims_before - 2))
    context.clear_cookies()

    instalment = f"#instalment-row-{data['instalments'][0]}"
    sign_in(page, data["approver"])
    open_queue(page, f"/admin/instalments?area={data['area']}", javascript)
    before = int(count(page, "instalments"))
    page.locator(instalment).get_by_role("button", name="Approve").click()
    expect(page.locator(instalment)).to_contain_text("1 of 2 approvals")
    context.clear_cookies()

    sign_in(page, data["second"])
    open_queue(page, f"/admin/instalments?area={data['area']}", javascript)
    page.locator(instalment).get_by_role("button", name="Approve").click()
    expect(page.locator(instalment)).to_contain_text("Approved")
    if javascript:
        page.wait_for_selector(f"{instalment} form[data-htmx-powered]", state="attached")
    page.locator(instalment).get_by_role("checkbox").check()
    page.locator(instalment).get_by_role("button", name="Pay").click()
    decided(page, instalment, "Paid", javascript)
    expect(page.locator("#count-instalments")).to_have_text(str(before - 1))
    context.close()


def test_the_queue_shows_the_last_filter_chosen_while_an_earlier_one_is_answered(
    browser: Browser, base_url, live_app
):
    data = setting(live_app)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    page = context.new_page()
    sign_in(page, data["officer"])
    open_queue(page, "/admin/claims", javascript=True)
    with slow_answers(live_app, "/admin/claims", 0.8):
        page.get_by_label("Area").select_option(data["area"])  # its two claims await a decision
        page.wait_for_timeout(300)  # that answer is on its way
        page.get_by_label("Sort by").select_option("-submitted")
        page.wait_for_timeout(300)  # and this one (htmx's default queue would drop the next)
        page.get_by_label("Status").select_option("rejected")
        expect(page.locator("#results")).to_contain_text("0 claims")
        page.wait_for_timeout(1000)  # the older answer does not land on top of it
    expect(page.locator("#results")).to_contain_text("0 claims")
    expect(page.locator("#results-status")).to_have_text("0 claims")
    expect(page).to_have_url(re.compile(rf"area={data['area']}.*status=rejected.*sort=-submitted"))
    context.close()


def test_a_double_click_on_a_decision_sends_it_once(browser: Browser, base_url, live_app):
    data = setting(live_app)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    page = context.new_page()
    sign_in(page, data["officer"])
    open_queue(page, f"/admin/claims?area={data['area']}", javascript=True)
    row = page.locator(f"#claim-row-{data['claims'][0]}")
    sent = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    with slow_answers(live_app, "/approve", 0.8):
        row.get_by_role("button", name="Approve").dblclick()
        decided(page, f"#claim-row-{data['claims'][0]}", "Approved", javascript=True)
        page.wait_for_timeout(1200)  # time for a queued second click to be sent
    assert [url.rsplit("/", 2)[-1] for url in sent] == ["approve"]

    context.clear_cookies()
    sign_in(page, data["approver"])
    open_queue(page, f"/admin/instalments?area={data['area']}", javascript=True)
    first = data["instalments"][0]
    page.locator(f"#select-{first}").check()
    sent.clear()
    with slow_answers(live_app, "/bulk-approve", 0.8):
        page.get_by_role("button", name="Approve the selected instalments").dblclick()
        expect(page.locator("#results")).to_contain_text(f"Instalment {first}")
        page.wait_for_timeout(1200)  # time for a queued second click to be sent and answered
    assert len(sent) == 1
    expect(page.locator("#results .field__error")).to_have_count(0)
    context.close()


@pytest.mark.parametrize("url", ["/admin/claims", "/admin/instalments"])
def test_the_queues_fit_a_360px_screen(browser: Browser, base_url, live_app, url):
    """Only the table scrolls sideways, inside its wrapper; the page does not."""
    data = setting(live_app)
    context = browser.new_context(viewport={"width": 360, "height": 800}, base_url=base_url)
    page = context.new_page()
    sign_in(page, data["approver"])
    page.goto(url)
    expect(page.locator("table.queue")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_after_a_decision_in_place_the_focus_is_on_the_rows_new_status(
    browser: Browser, base_url, live_app
):
    data = setting(live_app)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    page = context.new_page()
    sign_in(page, data["officer"])
    open_queue(page, f"/admin/claims?area={data['area']}", javascript=True)
    row = f"#claim-row-{data['claims'][0]}"
    page.locator(row).get_by_role("button", name="Approve").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"{row} .state")).to_be_focused()
    expect(page.locator(f"{row} .state")).to_have_text("Approved")
    context.close()
