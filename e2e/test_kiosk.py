"""A kiosk session in Arabic: language, keypad, vote, confirmation, and the idle reset."""

from playwright.sync_api import Browser, expect

from e2e.conftest import slow_answers
from e2e.test_voting import ashworth_round

KIOSK = {"width": 1080, "height": 1920}


def test_kiosk_vote_in_arabic_and_idle_reset(browser: Browser, base_url, live_app):
    _, codes = ashworth_round(live_app)
    code = codes[1].replace("-", "")
    context = browser.new_context(base_url=base_url, viewport=KIOSK, has_touch=True)
    page = context.new_page()
    page.clock.install()
    page.goto("/kiosk/ashworth-estate")
    page.get_by_role("button", name="Start the kiosk").click()  # once, by whoever sets it up
    page.locator(".kiosk-languages").get_by_role("link", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")

    keys = page.locator(".keypad__key")
    for box in (keys.nth(i).bounding_box() for i in range(keys.count())):
        assert box["width"] >= 48 and box["height"] >= 48
    for tool in page.locator(".kiosk-tool").all():
        box = tool.bounding_box()
        assert box["width"] >= 48 and box["height"] >= 48
    page.wait_for_selector("form#keypad[data-htmx-powered]", state="attached")
    for character in code:
        page.locator(f".keypad__key[value='{character}']").click()
    expect(page.locator("#code-display")).to_have_text(f"{code[:4]}-{code[4:8]}-{code[8:]}")
    page.locator(".kiosk-button--go").click()

    page.wait_for_url("**/vote/ballot")
    groups = page.locator("fieldset.choice")
    for i in range(groups.count()):
        groups.nth(i).locator("input[type=radio]").nth(2).check()
    page.locator("form.ballot button[type=submit]").click()
    page.wait_for_url("**/vote/review")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url("**/vote/done")
    expect(page.locator("h1")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "ar"

    # Idle: after 60 s a dialog counts down 20 s, then the kiosk starts again.
    page.clock.fast_forward(61_000)
    dialog = page.locator("#idle-dialog")
    expect(dialog).to_be_visible()
    expect(page.locator("#idle-seconds")).to_have_text("20")
    page.clock.fast_forward(5_000)
    expect(page.locator("#idle-seconds")).to_have_text("15")
    page.clock.fast_forward(16_000)
    page.wait_for_url("**/kiosk/ashworth-estate")
    expect(page.locator(".kiosk-languages")).to_be_visible()

    # The ballot is not reachable any more without the code.
    page.goto("/areas/ashworth-estate/vote/ballot")
    page.wait_for_url("**/kiosk/ashworth-estate/code")
    expect(page.locator("#code-display")).to_have_text("—")
    # And staff pages refuse a kiosk session.
    assert page.goto("/admin/").status == 403
    context.close()


def test_keys_tapped_faster_than_the_server_answers_all_count(browser: Browser, base_url, live_app):
    """On a slow library network a resident taps the next key before the last one is
    answered: every key must still count, in order."""
    _, codes = ashworth_round(live_app, codes=5)
    code = codes[4].replace("-", "")
    context = browser.new_context(base_url=base_url, viewport=KIOSK, has_touch=True)
    page = context.new_page()
    page.goto("/kiosk/ashworth-estate")
    page.get_by_role("button", name="Start the kiosk").click()
    page.locator(".kiosk-languages").get_by_role("link", name="English").click()
    page.wait_for_selector("form#keypad[data-htmx-powered]", state="attached")
    with slow_answers(live_app, "/code", 0.3):
        for character in code[:6]:
            page.locator(f".keypad__key[value='{character}']").click()
            page.wait_for_timeout(80)  # a quick tapper
        expect(page.locator("#code-display")).to_have_text(f"{code[:4]}-{code[4:6]}")
    context.close()
