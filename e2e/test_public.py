"""A resident on a phone finds their area and reads its menu; officers sign in and out."""

import email
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import slow_answers


def assert_no_horizontal_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"


def test_home_lists_the_demo_areas(page: Page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Have a say")
    expect(page.get_by_role("link", name="Ashworth Estate")).to_be_visible()
    expect(page.get_by_role("link", name="Little Hadley")).to_be_visible()
    assert_no_horizontal_scroll(page)


def test_search_as_you_type_narrows_the_list(page: Page):
    page.goto("/")
    page.get_by_label("Area name or postcode").press_sequentially("hadley", delay=30)
    expect(page.locator("#results")).to_contain_text("1 area matches")
    expect(page.locator("#results-status")).to_have_text("1 area matches “hadley”.")
    expect(page.get_by_role("link", name="Ashworth Estate")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"q=hadley"))


def test_the_list_follows_the_last_search_while_an_earlier_one_is_answered(page: Page, live_app):
    page.goto("/")
    search = page.get_by_label("Area name or postcode")
    with slow_answers(live_app, "/", 2.0):
        search.press_sequentially("a")
        page.wait_for_timeout(500)  # the search for "a" is on its way
        search.press_sequentially("s")
        page.wait_for_timeout(500)  # and now "as" (htmx's default queue would drop the next)
        search.press_sequentially("hworth")
        expect(page.locator("#results")).to_contain_text("1 area matches “ashworth”")
        page.wait_for_timeout(1000)  # nothing older lands on top of it
    expect(page.locator("#results")).to_contain_text("1 area matches “ashworth”")
    expect(page).to_have_url(re.compile(r"q=ashworth"))


def test_search_by_postcode_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base_url + "/")
    page.get_by_label("Area name or postcode").fill("MB4 7QX")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results")).to_contain_text("1 area matches")
    page.get_by_role("link", name="Ashworth Estate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ashworth Estate")
    page.get_by_text("What each level would mean").first.click()
    expect(page.get_by_text("Budget for the area").first).to_be_visible()
    assert_no_horizontal_scroll(page)
    context.close()


def test_area_page_shows_functions_levels_and_money(page: Page):
    page.goto("/areas/ashworth-estate")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ashworth Estate")
    functions = page.locator("article.function")
    assert functions.count() >= 8
    first = functions.first
    first.get_by_text("What each level would mean").click()
    options = first.locator("li.option")
    expect(options).to_have_count(5)
    expect(options.last).to_contain_text("£")
    expect(page.get_by_text("deprivation uplift").first).to_be_visible()
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("width", [360, 390])
def test_function_detail_fits_a_phone(page: Page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/areas/little-hadley")
    page.locator("article.function h3 a").first.click()
    expect(page).to_have_url(re.compile(r"/areas/little-hadley/functions/"))
    expect(page.locator("li.option")).to_have_count(5)
    expect(page.get_by_text("Conditions for a group").first).to_be_visible()
    assert_no_horizontal_scroll(page)


def test_unknown_area_is_a_friendly_404(page: Page):
    response = page.goto("/areas/atlantis")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_officer_signs_in_and_out(page: Page):
    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill("officer@millbrook.example")
    page.get_by_label("Password").fill("wrong password!")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("do not match")).to_be_visible()
    page.get_by_label("Password").fill("demo-officer-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You are signed in.")).to_be_visible()
    expect(page.get_by_text("Olu Officer")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


@pytest.mark.usefixtures("resident_password_restored")
def test_a_resident_changes_their_password_on_a_phone(page: Page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/login")
    page.get_by_label("Email address").fill("resident@ashworth.example")
    page.get_by_label("Password").fill("demo-resident-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    assert_no_horizontal_scroll(page)
    for current, new in [
        ("demo-resident-password", "violet kettle harbour lantern"),
        ("violet kettle harbour lantern", "demo-resident-password"),  # and back again
    ]:
        page.goto("/account/password")
        page.get_by_label("Your password").fill(current)
        page.get_by_label("New password").fill(new)
        page.get_by_label("Password again").fill(new)
        page.get_by_role("button", name="Change password").click()
        expect(page.get_by_text("Anywhere else you were signed in")).to_be_visible()


@pytest.mark.usefixtures("resident_password_restored")
def test_a_resident_resets_a_forgotten_password_on_a_phone(page: Page, live_app):
    outbox = Path(live_app.config["MAIL_OUTBOX"])
    before = set(outbox.glob("*.eml"))
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/login")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.wait_for_url("**/password/forgot")  # measure the new page, not one half-made
    assert_no_horizontal_scroll(page)
    page.get_by_label("Email address").fill("resident@ashworth.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    for _ in range(50):  # the email goes once the answer has been sent
        sent = set(outbox.glob("*.eml")) - before
        if sent:
            break
        page.wait_for_timeout(100)
    [sent] = sent
    body = email.message_from_bytes(sent.read_bytes()).get_payload(decode=True).decode()
    link = re.search(r"/password/reset/[A-Za-z0-9_-]+", body).group(0)
    page.goto(link)
    assert_no_horizontal_scroll(page)
    new = "violet kettle harbour lantern"
    page.get_by_label("New password").fill(new)
    page.get_by_label("Password again").fill(new)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()
    page.get_by_label("Email address").fill("resident@ashworth.example")
    page.get_by_label("Password").fill(new)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You are signed in.")).to_be_visible()
