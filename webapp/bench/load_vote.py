"""load_vote_p95_ms: 200 residents voting at once for 60 s against gunicorn."""

import statistics
import threading
import time

from sqlmodel import func, select

from webapp.areas.models import Area
from webapp.bench.ballots import AREA, CHOICE, TOKEN, _Browser
from webapp.bench.server import gunicorn
from webapp.db import get_db
from webapp.demo.voting import demo_ballot_codes
from webapp.voting.models import Ballot, VotingRound


def _vote(
    base_url: str, code: str, timings: list, choices: dict | None
) -> tuple[bool, dict | None]:
    """One resident's whole visit: code, ballot, submit. True when the ballot was accepted."""
    browser = _Browser(base_url)
    try:
        started = time.perf_counter()
        _, page = browser.request("GET", f"/areas/{AREA}/vote")
        token = TOKEN.search(page).group(1)
        timings.append((time.perf_counter() - started) * 1000)
        for step in ("code", "ballot", "submit"):
            if step == "ballot" and choices is None:
                _, page = browser.request("GET", f"/areas/{AREA}/vote/ballot")
                choices = dict(reversed(CHOICE.findall(page)))
            path, form = {
                "code": (f"/areas/{AREA}/vote", {"csrf_token": token, "code": code}),
                "ballot": (f"/areas/{AREA}/vote/ballot", {"csrf_token": token, **(choices or {})}),
                "submit": (f"/areas/{AREA}/vote/submit", {"csrf_token": token}),
            }[step]
            started = time.perf_counter()
            status, _ = browser.request("POST", path, form)
            timings.append((time.perf_counter() - started) * 1000)
            if status != 302:
                return False, choices
        return True, choices
    finally:
        browser.connection.close()


def measure_load(app, *, residents: int = 200, seconds: float = 60.0) -> dict:
    database = get_db(app)
    with app.app_context(), database.session_scope() as session:
        area = session.exec(select(Area).where(Area.slug == AREA)).one()
        voting_round = session.exec(select(VotingRound).where(VotingRound.area_id == area.id)).one()
        codes = demo_ballot_codes(session, voting_round, count=2000)
        before = session.exec(
            select(func.count()).select_from(Ballot).where(Ballot.round_id == voting_round.id)
        ).one()
    accepted_codes, errors, timings, lock = set(), [0], [], threading.Lock()
    with gunicorn(app.config["DATABASE_URL"], workers=4, threads=8) as base_url:
        deadline = time.perf_counter() + seconds
        shared = {"choices": None}

        def resident(index: int) -> None:
            n = index
            local: list[float] = []
            while time.perf_counter() < deadline:
                code = codes[n % len(codes)]
                n += residents
                try:
                    ok, shared["choices"] = _vote(base_url, code, local, shared["choices"])
                except OSError:
                    ok = False
                with lock:
                    if ok:
                        accepted_codes.add(code)
                    else:
                        errors[0] += 1
            with lock:
                timings.extend(local)

        threads = [threading.Thread(target=resident, args=(i,)) for i in range(residents)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    with database.session_scope() as session:
        counted = session.exec(
            select(func.count()).select_from(Ballot).where(Ballot.round_id == voting_round.id)
        ).one()
    return {
        "errors": errors[0],
        "accepted_codes": len(accepted_codes),
        "counted_new_ballots": counted - before,
        "requests": len(timings),
        "p95_ms": statistics.quantiles(timings, n=20)[18] if len(timings) > 1 else 0.0,
    }
