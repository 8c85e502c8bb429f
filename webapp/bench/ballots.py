"""Ballot submissions per second against gunicorn, and the same server's one-row insert rate."""

import http.client
import re
from urllib.parse import urlencode, urlsplit

from sqlmodel import select

from webapp.areas.models import Area
from webapp.bench.load import LoadResult, run_load
from webapp.bench.server import create_baseline_table, gunicorn
from webapp.db import get_db
from webapp.demo.voting import demo_ballot_codes
from webapp.voting.models import VotingRound

AREA = "ashworth-estate"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CHOICE = re.compile(r'name="(choice-[a-z0-9-]+)" value="([a-z]+)"')
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
# gunicorn workers x threads for both loads: on this 2-core machine 2x2 served the
# most ballots per second of 2x2, 2x4, 4x1 and 4x2 on both databases (README).
SERVER_LAYOUT = (2, 2)


class _Browser:
    """One resident's cookies over one keep-alive connection."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.cookies: dict[str, str] = {}

    @property
    def cookie(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items() if value)

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {**FORM, "Cookie": self.cookie} if form is not None else {"Cookie": self.cookie}
        body = urlencode(form).encode() if form is not None else None
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text


def _ready_to_submit(base_url: str, code: str, choices: dict | None) -> tuple[str, str, dict]:
    """Enter a code and fill the ballot; returns the cookie and token to submit with."""
    browser = _Browser(base_url)
    _, page = browser.request("GET", f"/areas/{AREA}/vote")
    token = TOKEN.search(page).group(1)
    status, _ = browser.request("POST", f"/areas/{AREA}/vote", {"csrf_token": token, "code": code})
    if status != 302:
        raise RuntimeError(f"code {code} was refused ({status})")
    if choices is None:
        _, page = browser.request("GET", f"/areas/{AREA}/vote/ballot")
        choices = dict(reversed(CHOICE.findall(page)))  # the first level of each function
    status, _ = browser.request(
        "POST", f"/areas/{AREA}/vote/ballot", {"csrf_token": token, **choices}
    )
    if status != 302:
        raise RuntimeError(f"ballot form was refused ({status})")
    browser.connection.close()
    return browser.cookie, token, choices


def measure_ballots(
    app, *, clients: int = 8, seconds: float = 10.0, sessions: int = 1000, rounds: int = 5
):
    """(ballot submissions, one-row inserts), both measured on the same gunicorn.

    The two loads alternate in `rounds` slices of seconds / rounds each, so that a
    drift of the machine (another process, the database growing) falls on both.
    """
    database = get_db(app)
    create_baseline_table(database.engine)
    with app.app_context(), database.session_scope() as session:
        area = session.exec(select(Area).where(Area.slug == AREA)).one()
        voting_round = session.exec(select(VotingRound).where(VotingRound.area_id == area.id)).one()
        codes = demo_ballot_codes(session, voting_round, count=sessions)
    workers, threads = SERVER_LAYOUT
    with gunicorn(app.config["DATABASE_URL"], workers=workers, threads=threads) as base_url:
        ready, choices = [], None
        for code in codes:
            cookie, token, choices = _ready_to_submit(base_url, code, choices)
            ready.append((cookie, token))

        def submit(client: int, n: int):
            cookie, token = ready[(client + n * clients) % len(ready)]
            body = urlencode({"csrf_token": token}).encode()
            return "POST", f"/areas/{AREA}/vote/submit", body, {**FORM, "Cookie": cookie}

        def insert(_client: int, _n: int):
            return "POST", "/_bench/insert", b"", FORM

        run_load(base_url, insert, clients=clients, seconds=1.0)  # warm up both paths
        run_load(base_url, submit, clients=clients, seconds=1.0)
        ballots, inserts = [], []
        for _ in range(rounds):
            ballots.append(run_load(base_url, submit, clients=clients, seconds=seconds / rounds))
            inserts.append(run_load(base_url, insert, clients=clients, seconds=seconds / rounds))
    return LoadResult.combined(ballots), LoadResult.combined(inserts)
