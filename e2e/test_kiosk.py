"""A kiosk session in Arabic: language, keypad, vote, confirmation, and the idle reset;
someone who says they are still there keeps their ballot, however they close the
question; the keypad keeps every key, and focus on the key just pressed."""

import time as real_time

from playwright.sync_api import Browser, expect

from e2e.conftest import slow_answers
from e2e.test_voting import ashworth_round

KIOSK = {"width": 1080, "height": 1920}
PHONE = {"width": 390, "height": 844}


def start_kiosk(browser, base_url, *, language="English", viewport=PHONE):
    """A kiosk started by whoever sets it up, its language chosen, its clock ours."""
    context = browser.new_context(base_url=base_url, viewport=viewport, has_touch=True)
    page = context.new_page()
    page.clock.install()
    page.goto("/kiosk/ashworth-estate")
    page.get_by_role("button", name="Start the kiosk").click()
    page.locator(".kiosk-languages").get_by_role("link", name=language).click()
    page.wait_for_selector("form#keypad[data-htmx-powered]", state="attached")
    return context, page


def vote_to_review(page, code: str, level: int) -> None:
    """Type the code on the keypad, choose the `level`-th option everywhere, review."""
    for character in code:
        page.locator(f".keypad__key[value='{character}']").click()
    expect(page.locator("#code-display")).to_have_text(f"{code[:4]}-{code[4:8]}-{code[8:]}")
    page.locator(".kiosk-button--go").click()
    page.wait_for_url("**/vote/ballot")
    groups = page.locator("fieldset.choice")
    for i in range(groups.count()):
        groups.nth(i).locator("input[type=radio]").nth(level).check()
    page.locator("form.ballot button[type=submit]").click()
    page.wait_for_url("**/vote/review")


def test_kiosk_vote_in_arabic_and_idle_reset(browser: Browser, base_url, live_app):
    _, codes = ashworth_round(live_app)
    code = codes[1].replace("-", "")
    context, page = start_kiosk(browser, base_url, language="العربية", viewport=KIOSK)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")

    keys = page.locator(".keypad__key")
    for box in (keys.nth(i).bounding_box() for i in range(keys.count())):
        assert box["width"] >= 48 and box["height"] >= 48
    for tool in page.locator(".kiosk-tool").all():
        box = tool.bounding_box()
        assert box["width"] >= 48 and box["height"] >= 48
    vote_to_review(page, code, level=2)
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
    context, page = start_kiosk(browser, base_url, viewport=KIOSK)
    with slow_answers(live_app, "/code", 0.3):
        for character in code[:6]:
            page.locator(f".keypad__key[value='{character}']").click()
            page.wait_for_timeout(80)  # a quick tapper
        expect(page.locator("#code-display")).to_have_text(f"{code[:4]}-{code[4:6]}")
    context.close()


class ShiftedClock:
    """Stands in for `time` in webapp.kiosk.session: real time plus `ahead` seconds, so
    the server's idle clock moves with the page's fake one."""

    def __init__(self):
        self.ahead = 0

    def time(self):
        return real_time.time() + self.ahead


def test_im_still_here_keeps_the_ballot(browser: Browser, base_url, live_app, monkeypatch):
    import webapp.kiosk.session as kiosk_session

    clock = ShiftedClock()
    monkeypatch.setattr(kiosk_session, "time", clock)
    _, codes = ashworth_round(live_app, codes=10)
    code = codes[9].replace("-", "")
    context, page = start_kiosk(browser, base_url)
    vote_to_review(page, code, level=1)

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


def test_walking_away_mid_ballot_is_explained_and_back_keeps_no_language(
    browser: Browser, base_url, live_app
):
    """Someone reading in Urdu walks away mid-ballot: the screen's own reset says their
    ballot was not counted, and Back through the kiosk's history brings no Urdu back."""
    _, codes = ashworth_round(live_app, codes=7)
    code = codes[6].replace("-", "")
    context, page = start_kiosk(browser, base_url, language="اردو")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    assert "lang=" not in page.url  # the language lives in the kiosk's session
    for character in code:
        page.locator(f".keypad__key[value='{character}']").click()
    expect(page.locator("#code-display")).to_have_text(f"{code[:4]}-{code[4:8]}-{code[8:]}")
    page.locator(".kiosk-button--go").click()
    page.wait_for_url("**/vote/ballot")

    page.clock.fast_forward(61_000)
    expect(page.locator("#idle-dialog")).to_be_visible()
    page.clock.fast_forward(21_000)
    page.wait_for_url("**/kiosk/ashworth-estate")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    expect(page.locator(".flash")).to_contain_text("A ballot that had not been sent")

    for _ in range(3):  # the ballot, the keypad, the language screen
        page.go_back()
        expect(page.locator("html")).not_to_have_attribute("lang", "ur")
    context.close()
