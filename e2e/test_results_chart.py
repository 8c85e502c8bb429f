"""The results chart reads in every language: no level's name runs out of its chart."""

import pytest
from playwright.sync_api import Page
from sqlmodel import select

from webapp.db import get_db, utcnow
from webapp.voting.models import VotingRound

OUTSIDE = """() => Array.from(document.querySelectorAll('svg.chart')).flatMap(svg => {
  const box = svg.getBoundingClientRect();
  return Array.from(svg.querySelectorAll('text')).filter(text => {
    const r = text.getBoundingClientRect();
    return r.left < box.left - 0.5 || r.right > box.right + 0.5;
  }).map(text => text.textContent);
})"""


def closed_round(app) -> int:
    with app.app_context(), get_db(app).session_scope() as session:
        return session.exec(select(VotingRound.id).where(VotingRound.closes_at < utcnow())).first()


@pytest.mark.parametrize("lang", ["en", "cy", "pl", "bn", "ar", "ur"])
def test_every_name_and_count_is_inside_its_chart(page: Page, live_app, lang):
    page.goto(f"/rounds/{closed_round(live_app)}/results?lang={lang}")
    assert page.locator("svg.chart").count() > 0
    assert page.evaluate(OUTSIDE) == []
