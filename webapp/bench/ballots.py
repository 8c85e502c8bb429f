"""Ballot submissions per second against gunicorn, and the same server's one-row insert rate.

Every measured submission is a resident's first ballot, on a code of its own: voting
again with the same choices writes less, so replaying a few codes would flatter
the figure.
"""

import http.client
import math
import re
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

from sqlalchemy import insert
from sqlmodel import select

from webapp.areas.models import Area
from webapp.bench.load import LoadResult, run_load
from webapp.bench.server import create_baseline_table, gunicorn
from webapp.db import get_db, utcnow
from webapp.voting.codes import derived_code, format_code, hash_code
from webapp.voting.models import BallotCode, Household, VotingRound

AREA = "ashworth-estate"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CHOICE = re.compile(r'name="(choice-[a-z0-9-]+)" value="([a-z]+)"')
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
# gunicorn workers x threads for both loads: on this 2-core machine 2x2 served the
# most ballots per second of 2x2, 2x4, 4x1 and 4x2 on both databases (README).
SERVER_LAYOUT = (2, 2)
BENCH_CODE_SEED = b"neighbourhood-menu benchmark codes (never for a real vote)"
PREPARERS = 4  # residents made ready in parallel between the measured slices
WARM_UP_RESIDENTS = 1500
HEADROOM = 2.0  # residents ready per submission the last slice's rate predicts


def issue_bench_codes(app, round_id: int, household_ids: list[int], first: int, count: int):
    """Codes number `first` to `first + count - 1` of a benchmark's round, issued as a
    letter run would (stored as keyed hashes), returned as residents type them."""
    codes = [derived_code(BENCH_CODE_SEED, str(first + n)) for n in range(count)]
    with app.app_context(), get_db(app).session_scope() as session:
        issued_at = utcnow()
        session.execute(
            insert(BallotCode),
            [
                {
                    "round_id": round_id,
                    "household_id": household_ids[(first + n) % len(household_ids)],
                    "code_hash": hash_code(code),
                    "issued_at": issued_at,
                }
                for n, code in enumerate(codes)
            ],
        )
    return [format_code(code) for code in codes]


def open_round_households(app) -> tuple[int, list[int]]:
    """The benchmark area's open round and its households."""
    with app.app_context(), get_db(app).session_scope() as session:
        area = session.exec(select(Area).where(Area.slug == AREA)).one()
        round_id = session.exec(select(VotingRound.id).where(VotingRound.area_id == area.id)).one()
        households = session.exec(select(Household.id).where(Household.area_id == area.id)).all()
    return round_id, list(households)


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


class _Residents:
    """Residents ready to submit a first ballot: each has entered a new code and
    filled in the ballot, and holds the cookie and CSRF token to submit with.

    Every resident starts from one opened session, so all carry the same CSRF
    token: that saves a page load each, and the submission checks it as usual.
    """

    def __init__(self, app, base_url: str):
        self.app, self.base_url = app, base_url
        self.ready: deque[tuple[str, str]] = deque()
        self.issued = 0
        self.ran_out = False
        self.round_id, self.household_ids = open_round_households(app)
        opening = _Browser(base_url)
        _, page = opening.request("GET", f"/areas/{AREA}/vote")
        self.token, self.blank_cookies = TOKEN.search(page).group(1), dict(opening.cookies)
        self.choices = self._choices_on_the_form(opening)
        opening.connection.close()

    def _choices_on_the_form(self, browser: _Browser) -> dict:
        """The first level of each function, as the ballot page offers them."""
        browser.cookies = dict(self.blank_cookies)
        (code,) = self._new_codes(1)
        self._enter(browser, code)
        _, page = browser.request("GET", f"/areas/{AREA}/vote/ballot")
        return dict(reversed(CHOICE.findall(page)))

    def _new_codes(self, count: int) -> list[str]:
        """`count` more codes of the open round, issued as a letter run would."""
        codes = issue_bench_codes(self.app, self.round_id, self.household_ids, self.issued, count)
        self.issued += count
        return codes

    def _enter(self, browser: _Browser, code: str) -> None:
        status, _ = browser.request(
            "POST", f"/areas/{AREA}/vote", {"csrf_token": self.token, "code": code}
        )
        if status != 302:
            raise RuntimeError(f"code {code} was refused ({status})")

    def _prepare(self, codes: list[str]) -> None:
        browser = _Browser(self.base_url)
        for code in codes:
            browser.cookies = dict(self.blank_cookies)
            self._enter(browser, code)
            status, _ = browser.request(
                "POST", f"/areas/{AREA}/vote/ballot", {"csrf_token": self.token, **self.choices}
            )
            if status != 302:
                raise RuntimeError(f"ballot form was refused ({status})")
            self.ready.append((browser.cookie, self.token))
        browser.connection.close()

    def top_up(self, wanted: int) -> None:
        """At least `wanted` residents ready to submit."""
        missing = wanted - len(self.ready)
        if missing <= 0:
            return
        codes = self._new_codes(missing)
        shares = [codes[n::PREPARERS] for n in range(PREPARERS)]
        with ThreadPoolExecutor(PREPARERS) as pool:
            for done in [pool.submit(self._prepare, share) for share in shares]:
                done.result()

    def take(self) -> tuple[str, str] | None:
        try:
            return self.ready.popleft()  # atomic: the load's clients share the deque
        except IndexError:
            self.ran_out = True
            return None


def measure_ballots(app, *, clients: int = 8, seconds: float = 10.0, rounds: int = 5):
    """(ballot submissions, one-row inserts), both measured on the same gunicorn.

    The two loads alternate in `rounds` slices of seconds / rounds each, so that a
    drift of the machine (another process, the database growing) falls on both.
    Between slices, enough residents for the next one are made ready (unmeasured).
    """
    create_baseline_table(get_db(app).engine)
    workers, threads = SERVER_LAYOUT
    with gunicorn(app.config["DATABASE_URL"], workers=workers, threads=threads) as base_url:
        residents = _Residents(app, base_url)

        def submit(_client: int, _n: int):
            resident = residents.take()
            if resident is None:
                return None
            cookie, token = resident
            body = urlencode({"csrf_token": token}).encode()
            return "POST", f"/areas/{AREA}/vote/submit", body, {**FORM, "Cookie": cookie}

        def insert_row(_client: int, _n: int):
            return "POST", "/_bench/insert", b"", FORM

        run_load(base_url, insert_row, clients=clients, seconds=1.0)  # warm up both paths
        residents.top_up(WARM_UP_RESIDENTS)
        rate = run_load(base_url, submit, clients=clients, seconds=1.0).per_second
        ballots, inserts = [], []
        for _ in range(rounds):
            residents.top_up(math.ceil(rate * seconds / rounds * HEADROOM) + clients)
            residents.ran_out = False
            ballots.append(run_load(base_url, submit, clients=clients, seconds=seconds / rounds))
            if residents.ran_out:
                raise RuntimeError("the ballot load ran out of residents: raise HEADROOM")
            rate = max(rate, ballots[-1].per_second)
            inserts.append(
                run_load(base_url, insert_row, clients=clients, seconds=seconds / rounds)
            )
    return LoadResult.combined(ballots), LoadResult.combined(inserts)
