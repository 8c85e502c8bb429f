"""Queue pages start after the last row seen, so rows decided in place skip nothing."""

import html
import re
from dataclasses import dataclass

import pytest

from tests.admin.conftest import HX
from tests.ledger.conftest import instalments, make_world, submitted_claim
from webapp.admin import paging
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


# Three rows a page, seven rows waiting: pages of rows 0-2, 3-5 and 6.
SMALL_PAGES = 3
WAITING = 7


@dataclass
class Queue:
    url: str
    rows: str  # the pattern of a row's id in the page
    ids: list[int]  # the waiting rows, in the queue's order
    decide: str  # the path of a decision that takes a row out of the queue, for an id
    reason: str


@pytest.fixture(params=["claims", "instalments"])
def queue(request, app, db_session, auth, monkeypatch) -> Queue:
    """Seven rows waiting in one of the paged queues, its officer signed in."""
    monkeypatch.setattr(paging, "PAGE_SIZE", SMALL_PAGES)
    if request.param == "claims":
        world = make_world(app, db_session)
        ids = [submitted_claim(db_session, world).id for _ in range(WAITING)]
        db_session.commit()
        auth.login(world.officer.email)
        return Queue(
            "/admin/claims", r'id="claim-row-(\d+)"', ids, "/admin/claims/{}/reject", "dup"
        )
    world = make_world(app, db_session, schedule="monthly")
    plan = instalments(db_session, world)[:WAITING]
    for instalment in plan:
        request_instalment(session=db_session, instalment_id=instalment.id, actor=world.treasurer)
    db_session.commit()
    auth.login(world.approver.email)
    ids = [i.id for i in plan]
    return Queue(
        "/admin/instalments",
        r'id="instalment-row-(\d+)"',
        ids,
        "/admin/instalments/{}/reject",
        "No",
    )


def pager_links(queue: Queue, page: str) -> dict[str, str]:
    """The pager's links by name, each checked to be the same for htmx as without it."""
    nav = re.search(r'<nav aria-label="Pages" class="pager">(.*?)</nav>', page, re.S)
    found = {}
    for href, hx_get, name in re.findall(
        r'<a href="\?([^"]*)" hx-get="\?([^"]*)"[^>]*>([^<]+)</a>', nav[1] if nav else ""
    ):
        assert href == hx_get
        found[name] = queue.url + "?" + html.unescape(href)
    return found


def shown(queue: Queue, page: str) -> list[int]:
    return [queue.ids.index(int(i)) for i in re.findall(queue.rows, page)]


class Officer:
    """An officer's browser on a queue, with JavaScript (htmx) or without."""

    def __init__(self, client, queue: Queue, htmx: bool):
        self.client, self.queue, self.htmx = client, queue, htmx

    def open(self, url: str) -> str:
        return self.client.get(url, headers=HX if self.htmx else {}).get_data(as_text=True)

    def decide(self, row: int, on_page: str) -> str:
        """Take a row out of the queue from the page at `on_page`; the page as it is then:
        with htmx the row is decided in place and the page loaded again, without it the
        answer redirects back to the page."""
        path = self.queue.decide.format(self.queue.ids[row])
        data = {"reason": self.queue.reason}
        if self.htmx:
            assert self.client.post(path, data=data, headers=HX).status_code == 200
            return self.open(on_page)
        answer = self.client.post(
            path, data=data, headers={"Referer": f"http://localhost{on_page}"}
        )
        assert answer.status_code == 302 and answer.location.endswith(on_page)
        return self.open(on_page)

    def shown(self, page: str) -> list[int]:
        """The rows on a page, as their places in the queue."""
        return [self.queue.ids.index(int(i)) for i in re.findall(self.queue.rows, page)]

    def links(self, page: str) -> dict[str, str]:
        """The pager's links by name, each the same for htmx as without it."""
        nav = re.search(r'<nav aria-label="Pages" class="pager">(.*?)</nav>', page, re.S)
        found = {}
        for href, hx_get, name in re.findall(
            r'<a href="\?([^"]*)" hx-get="\?([^"]*)"[^>]*>([^<]+)</a>', nav[1] if nav else ""
        ):
            assert href == hx_get
            found[name] = f"{self.queue.url}?{html.unescape(href)}"
        return found


@pytest.fixture(params=[False, True], ids=["plain", "htmx"])
def officer(request, client, queue) -> Officer:
    return Officer(client, queue, htmx=request.param)


def test_every_page_but_the_first_leads_back(officer):
    first = officer.open(officer.queue.url)
    assert officer.shown(first) == [0, 1, 2] and set(officer.links(first)) == {"Next"}
    second = officer.open(officer.links(first)["Next"])
    assert officer.shown(second) == [3, 4, 5]
    assert set(officer.links(second)) == {"Previous", "Next"}  # Previous is the first page
    assert officer.shown(officer.open(officer.links(second)["Previous"])) == [0, 1, 2]
    third = officer.open(officer.links(second)["Next"])
    assert officer.shown(third) == [6] and set(officer.links(third)) == {"First page", "Previous"}
    assert officer.shown(officer.open(officer.links(third)["Previous"])) == [3, 4, 5]
    assert officer.shown(officer.open(officer.links(third)["First page"])) == [0, 1, 2]


def test_a_page_whose_rows_were_all_decided_leads_to_the_last_page_and_the_first(officer):
    second = officer.links(officer.open(officer.queue.url))["Next"]
    third = officer.links(officer.open(second))["Next"]
    emptied = officer.decide(6, on_page=third)
    assert officer.shown(emptied) == [] and "Nothing is left on this page" in emptied
    links = officer.links(emptied)
    assert set(links) == {"First page", "Previous"}
    assert officer.shown(officer.open(links["First page"])) == [0, 1, 2]
    last = officer.open(links["Previous"])  # the queue's last page: the three rows before
    assert officer.shown(last) == [3, 4, 5] and "Page 2 of 2" in last
    assert officer.shown(officer.open(officer.links(last)["Previous"])) == [0, 1, 2]


def test_a_page_emptied_with_one_page_left_leads_back_to_it(officer):
    second = officer.links(officer.open(officer.queue.url))["Next"]
    for row in (3, 4, 5, 6):  # the second page's rows, and the one row after them
        emptied = officer.decide(row, on_page=second)
    assert officer.shown(emptied) == [] and "Nothing is left on this page" in emptied
    links = officer.links(emptied)
    assert set(links) == {"Previous"}  # the first page, named once
    assert officer.shown(officer.open(links["Previous"])) == [0, 1, 2]


def test_a_page_with_nothing_before_its_cursor_leads_to_the_first(officer):
    queue = officer.queue
    emptied = officer.open(f"{queue.url}?page=2&before={queue.ids[0]}")
    assert officer.shown(emptied) == [] and "Nothing is left on this page" in emptied
    links = officer.links(emptied)
    assert set(links) == {"First page"}
    assert officer.shown(officer.open(links["First page"])) == [0, 1, 2]


def test_page_one_is_the_start_of_the_queue_whatever_cursor_comes_with_it(officer):
    queue = officer.queue
    for cursor in (f"after={queue.ids[3]}", f"before={queue.ids[6]}"):
        page = officer.open(f"{queue.url}?{cursor}")
        assert officer.shown(page) == [0, 1, 2] and set(officer.links(page)) == {"Next"}
