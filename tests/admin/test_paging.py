"""Queue pages start after the last row seen, so rows decided in place skip nothing."""

import html
import re

import pytest

from tests.admin.conftest import HX
from tests.ledger.conftest import instalments, make_world, submitted_claim
from webapp.ledger.instalments import request_instalment


def link(page: str, name: str) -> str:
    return "/admin/claims?" + html.unescape(re.search(rf'href="\?([^"]*)"[^>]*>{name}<', page)[1])


@pytest.fixture
def long_queue(app, db_session):
    world = make_world(app, db_session)
    return world, [submitted_claim(db_session, world) for _ in range(55)]


def test_next_after_deciding_rows_in_place_shows_every_claim_still_waiting(
    client, auth, long_queue
):
    world, claims = long_queue
    auth.login(world.officer.email)
    first = client.get("/admin/claims").get_data(as_text=True)
    assert "Page 1 of 2" in first
    for claim in claims[:10]:  # decided in place: their rows stay on screen
        answer = client.post(f"/admin/claims/{claim.id}/reject", data={"reason": "dup"}, headers=HX)
        assert answer.status_code == 200
    second = client.get(link(first, "Next"), headers=HX).get_data(as_text=True)
    assert [c.id for c in claims if f"claim-row-{c.id}" not in first + second] == []
    assert "Page 2 of 2" in second
    back = client.get(link(second, "Previous"), headers=HX).get_data(as_text=True)
    assert all(f"claim-row-{c.id}" in back for c in claims[10:50])


@pytest.mark.parametrize("sort", ["submitted", "-submitted", "area", "group"])
def test_walking_the_pages_shows_each_claim_once_in_every_order(client, auth, long_queue, sort):
    world, claims = long_queue
    auth.login(world.officer.email)
    first = client.get(f"/admin/claims?sort={sort}").get_data(as_text=True)
    second = client.get(link(first, "Next")).get_data(as_text=True)
    shown = re.findall(r'id="claim-row-(\d+)"', first + second)
    assert sorted(map(int, shown)) == sorted(c.id for c in claims)
    back = client.get(link(second, "Previous")).get_data(as_text=True)
    assert re.findall(r'id="claim-row-(\d+)"', back) == re.findall(r'id="claim-row-(\d+)"', first)


def test_a_page_before_a_row_ends_just_before_it(client, auth, long_queue):
    world, claims = long_queue
    auth.login(world.officer.email)
    page = client.get(f"/admin/claims?page=2&before={claims[54].id}").get_data(as_text=True)
    shown = [int(i) for i in re.findall(r'id="claim-row-(\d+)"', page)]
    assert shown == [c.id for c in claims[4:54]]


@pytest.mark.parametrize("sort", ["due", "-due", "amount", "-amount", "area"])
def test_instalments_page_after_a_row_in_every_order(client, auth, db_session, desk, sort):
    world, _first, _ = desk
    for instalment in instalments(db_session, world)[1:]:  # the whole plan waits
        request_instalment(session=db_session, instalment_id=instalment.id, actor=world.treasurer)
    db_session.commit()
    auth.login(world.approver.email)
    rows = r'id="instalment-row-(\d+)"'
    order = re.findall(rows, client.get(f"/admin/instalments?sort={sort}").get_data(as_text=True))
    assert len(order) >= 3
    after = client.get(f"/admin/instalments?sort={sort}&page=2&after={order[0]}")
    assert re.findall(rows, after.get_data(as_text=True)) == order[1:]
