"""Ballot letters as Chromium prints them, in every language, with the longest address
and area name the register takes: one A4 page each, and the address where a window
envelope shows it, right-to-left letters included."""

import re

import pytest
from playwright.sync_api import Browser

from tests.factories import (
    create_area,
    create_council,
    create_household,
    create_menu,
    create_officer,
    create_round,
)
from webapp.db import get_db
from webapp.i18n import LANGUAGES

PASSWORD = "correct horse battery"
# Household.address and Area.name at their longest, in words that wrap as text does.
ADDRESS = ("Flat 3, Al-Noor House, 12 Beech Walk, " + "Old Quay Riverside Road, " * 12)[:300]
# (No word another test searches for: every area is on the public list.)
AREA = ("Pen-y-Bryn, Old Quay and Riverside Tenants and Residents Neighbourhood Area " * 3)[:200]
PAGE = re.compile(rb"/Type\s*/Page[^s]")  # a page object, not the /Pages tree


@pytest.fixture
def letters_page(browser: Browser, base_url, live_app):
    """An officer's printed batch: a letter in each language and one with none."""
    with live_app.app_context(), get_db(live_app).session_scope() as session:
        council = create_council(session)
        area = create_area(session, council=council, menu=create_menu(session, council), name=AREA)
        voting_round, _, _ = create_round(session, area=area, voters=0)
        for language in (*LANGUAGES, None):
            create_household(session, area=area, address=ADDRESS, language=language)
        officer, round_id = create_officer(session, area).email, voting_round.id
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Email address").fill(officer)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/officer/rounds/{round_id}/letters")
    page.get_by_role("button", name=f"Print {len(LANGUAGES) + 1} letters").click()
    page.wait_for_selector("article.letter")
    yield page
    context.close()


def test_every_letter_prints_on_one_a4_page(letters_page):
    """Somali has the longest text; the address and area name are at their longest."""
    languages = letters_page.eval_on_selector_all("article.letter", "ls => ls.map(l => l.lang)")
    assert sorted(languages) == sorted([*LANGUAGES, "en"])
    pdf = letters_page.pdf(format="A4", prefer_css_page_size=True)
    assert len(PAGE.findall(pdf)) == len(languages)


def test_the_address_prints_where_the_envelope_window_is_in_every_language(letters_page):
    """A UK address is Latin text: in an Arabic or Urdu letter it keeps its own
    direction (no full stop jumping to the front) and the same place on the page."""
    letters_page.emulate_media(media="print")
    addresses = letters_page.eval_on_selector_all(
        "article.letter",
        """letters => letters.map(letter => {
            const address = letter.querySelector('.letter__address');
            const box = address.getBoundingClientRect(), page = letter.getBoundingClientRect();
            const style = getComputedStyle(address);
            const link = letter.querySelector('ol bdi');
            return [letter.lang, style.direction, style.textAlign,
                    Math.round(box.left - page.left), Math.round(box.top - page.top),
                    link && getComputedStyle(link).direction];
        })""",
    )
    english = next(a for a in addresses if a[0] == "en")
    assert [a for a in addresses if a[1:] != english[1:]] == []
    assert english[1:3] == ["ltr", "left"] and english[5] == "ltr"  # and the link's
