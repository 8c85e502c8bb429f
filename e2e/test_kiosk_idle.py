"""At a kiosk, someone who says they are still there keeps their ballot, however they
close the question; and the keypad keeps focus on the key just pressed."""

import time as real_time

from playwright.sync_api import Browser, expect

from e2e.test_voting import ashworth_round

PHONE = {"width": 390, "height": 844}


class ShiftedClock:
    """Stands in for `time` in webapp.kiosk.session: real time plus `ahead` seconds, so
    the server's idle clock moves with the page's fake one."""

    def __init__(self):
        self.ahead = 0

    def time(self):
        return real_time.time() + self.ahead


def start_kiosk(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.clock.install()
    page.goto("/kiosk/ashworth-estate")
    page.get_by_role("button", name="Start the kiosk").click()
    page.locator(".kiosk-languages").get_by_role("link", name="English").click()
    page.wait_for_selector("form#keypad[data-htmx-powered]", state="attached")
    return context, page


def test_im_still_here_keeps_the_ballot(browser: Browser, base_url, live_app, monkeypatch):
    import webapp.kiosk.session as kiosk_session

    clock = ShiftedClock()
    monkeypatch.setattr(kiosk_session, "time", clock)
    _, codes = ashworth_round(live_app, codes=10)
    code = codes[9].replace("-", "")
    context, page = start_kiosk(browser, base_url)
    for character in code:
        page.locator(f".keypad__key[value='{character}']").click()
    page.locator(".kiosk-button--go").click()
    page.wait_for_url("**/vote/ballot")
    groups = page.locator("fieldset.choice")
    for i in range(groups.count()):
        groups.nth(i).locator("input[type=radio]").nth(1).check()
    page.locator("form.ballot button[type=submit]").click()
    page.wait_for_url("**/vote/review")

    page.clock.fast_forward(61_000)  # reading the review page, touching nothing
    clock.ahead += 61
    expect(page.locator("#idle-dialog")).to_be_visible()
    page.clock.fast_forward(17_000)
    clock.ahead += 17
    with page.expect_response("**/still-here"):
        page.locator("#idle-continue").click()  # "I'm still here", 78 s after the last request
    page.clock.fast_forward(13_000)
    clock.ahead += 13  # 91 s: the server would have reset a kiosk it thought idle
    page.get_by_role("button", name="Send my ballot").click()
    page.wait_for_url("**/vote/done")
    context.close()


def test_escape_on_still_there_keeps_the_person_on_their_screen(
    browser: Browser, base_url, live_app
):
    context, page = start_kiosk(browser, base_url)
    page.locator(".keypad__key[value='A']").click()
    expect(page.locator("#code-display")).to_have_text("A")
    page.clock.fast_forward(61_000)
    expect(page.locator("#idle-dialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#idle-dialog")).to_be_hidden()
    page.locator(".keypad__key[value='B']").click()
    expect(page.locator("#code-display")).to_have_text("AB")
    page.clock.run_for(21_000)  # the countdown, had it gone on, would have ended
    expect(page.locator("#code-display")).to_have_text("AB")
    assert "/kiosk/ashworth-estate/code" in page.url
    context.close()


def test_focus_stays_on_the_key_pressed(browser: Browser, base_url, live_app):
    context, page = start_kiosk(browser, base_url)
    page.locator(".keypad__key[value='7']").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#code-display")).to_have_text("7")
    expect(page.locator("#key-7")).to_be_focused()
    page.keyboard.press("Enter")  # the same key again, with no need to find it
    expect(page.locator("#code-display")).to_have_text("77")
    context.close()
