"""A council admin manages the council's staff accounts on a 360 px phone, with htmx
changing each row in place and, without JavaScript, as plain forms."""

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.test_accessibility import violations
from e2e.test_admin import open_queue, sign_in
from tests.factories import create_council, create_user
from webapp.auth.models import Role
from webapp.db import get_db

NARROW = {"width": 360, "height": 800}


def setting(app) -> dict:
    """A council of its own (the demo's staff stay as they are) with an admin and an officer."""
    with app.app_context(), get_db(app).session_scope() as session:
        council = create_council(session)
        admin = create_user(session, role=Role.ADMIN, council=council, name="Ada Admin")
        officer = create_user(session, role=Role.OFFICER, council=council, name="Otto Officer")
        return {"admin": admin.email, "officer": officer.id, "council": council.slug}


def no_sideways_scroll(page: Page) -> None:
    """Only the table scrolls sideways, inside its wrapper; the page does not."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_an_admin_adds_a_member_changes_a_role_and_disables_an_account_at_360px(
    browser: Browser, base_url, live_app, javascript
):
    data = setting(live_app)
    context = browser.new_context(
        java_script_enabled=javascript, viewport=NARROW, base_url=base_url
    )
    page = context.new_page()
    sign_in(page, data["admin"])
    page.get_by_role("link", name="Council admin").click()
    page.get_by_role("navigation", name="Council admin").get_by_role(
        "link", name="Staff accounts"
    ).click()
    open_queue(page, "/admin/staff", javascript)
    no_sideways_scroll(page)
    row = page.locator(f"#staff-row-{data['officer']}")

    row.get_by_label("Role of Otto Officer").select_option("finance_approver")
    row.get_by_role("button", name="Change role").click()
    done = "Role changed to “Finance approver”. Otto Officer is signed out everywhere."
    if javascript:  # in place: the row says so, and the keyboard focus is on its status
        expect(row.get_by_role("status")).to_have_text(done)
        expect(row.locator(".state")).to_be_focused()
        page.wait_for_selector(
            f"#staff-row-{data['officer']} form[data-htmx-powered]", state="attached"
        )
    else:
        expect(page.locator(".flash")).to_have_text(done)
    expect(row).to_contain_text("Finance approver")

    row.get_by_role("button", name="Disable").click()
    expect(row.locator(".state")).to_have_text("Disabled")
    expect(row.get_by_role("button", name="Enable")).to_be_visible()

    page.get_by_label("Name").fill("Nadia Newcomer")
    page.get_by_label("Email address").fill(f"nadia.{int(javascript)}@{data['council']}.example")
    page.get_by_label("Role", exact=True).select_option("officer")
    page.get_by_role("button", name="Add and send the email").click()
    expect(page.locator(".flash")).to_contain_text("Account added for Nadia Newcomer")
    expect(page.locator("tbody")).to_contain_text("Nadia Newcomer")
    no_sideways_scroll(page)
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_staff_cards_at_360px_read_in_order_and_pass_axe(
    browser: Browser, base_url, live_app, language
):
    """On a phone each account is a card (no sideways scrolling), right to left in Arabic."""
    data = setting(live_app)
    # axe is injected as a script, which the app's CSP rightly refuses: bypass it here only.
    context = browser.new_context(viewport=NARROW, base_url=base_url, bypass_csp=True)
    page = context.new_page()
    sign_in(page, data["admin"])
    page.goto(f"/admin/staff?lang={language}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator(f"#staff-row-{data['officer']}")).to_be_visible()
    no_sideways_scroll(page)
    assert violations(page) == []
    context.close()
