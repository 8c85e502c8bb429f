"""axe-core, WCAG 2.2 AA, on the pages people use, in English and in Arabic."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = {
    "home": "/",
    "area": "/areas/canal-side",
    "results": "/rounds/2/results",
    "kiosk-start": "/kiosk/little-hadley",
    "kiosk": "/kiosk/little-hadley",
    "kiosk-keypad": "/kiosk/little-hadley/code",
    "forgot-password": "/password/forgot",
}
STARTED_KIOSK = {"kiosk", "kiosk-keypad"}  # seen after "Start the kiosk"
SIGNED_IN = {
    "group": ("lead@ashworth.example", "demo-group-password", "/groups"),
    "claim": ("lead@ashworth.example", "demo-group-password", "/claims/1"),
    "admin": ("officer@millbrook.example", "demo-officer-password", "/admin/claims"),
    "admin-instalments": (
        "finance@millbrook.example",
        "demo-finance-password",
        "/admin/instalments",
    ),
    "password": ("resident@ashworth.example", "demo-resident-password", "/account/password"),
    "staff": ("admin@millbrook.example", "demo-admin-password", "/admin/staff"),
}


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    assert len(result["passes"]) > 10  # axe really ran its rules on this page
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


@pytest.fixture
def audited(browser: Browser, base_url):
    contexts = []

    def open_page(language: str, width: int = 390):
        # axe is injected as a script, which the app's CSP rightly refuses: bypass it here only.
        context = browser.new_context(
            base_url=base_url,
            bypass_csp=True,
            viewport={"width": width, "height": 844},
            locale=language,
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(f"/?lang={language}")
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_public_pages_have_no_violations(audited, name, language):
    page = audited(language)
    if name in STARTED_KIOSK:
        page.goto("/kiosk/little-hadley")
        page.locator("form[action$='/kiosk/little-hadley'] button").click()
        page.wait_for_selector(".kiosk-languages")
    page.goto(PAGES[name])
    assert violations(page) == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_ballot_has_no_violations(audited, live_app, language):
    from e2e.test_voting import ashworth_round

    _, codes = ashworth_round(live_app)
    page = audited(language)
    page.goto(f"/areas/ashworth-estate/vote?code={codes[2]}")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url("**/vote/ballot")
    assert violations(page) == []


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", list(SIGNED_IN))
def test_signed_in_pages_have_no_violations(audited, name, language):
    email, password, url = SIGNED_IN[name]
    page = audited(language, width=1280)
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#login-form button[type=submit]").click()
    page.goto(url)
    assert violations(page) == []
