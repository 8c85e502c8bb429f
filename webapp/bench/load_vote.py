"""load_vote_p95_ms: 200 residents voting at once for 60 s against gunicorn.

Each visit is a resident's first: a code of its own, entered, the ballot filled in
and submitted. (Voting again writes less, so replaying codes would flatter it.)
"""

import statistics
import threading
import time
from collections import deque

from sqlmodel import func, select

from webapp.bench.ballots import (
    AREA,
    CHOICE,
    TOKEN,
    _Browser,
    issue_bench_codes,
    open_round_households,
)
from webapp.bench.server import gunicorn
from webapp.db import get_db
from webapp.voting.models import Ballot

CODES_PER_RESIDENT = 60  # about twice the visits one resident made in 60 s here


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
    round_id, households = open_round_households(app)
    codes = deque(issue_bench_codes(app, round_id, households, 0, residents * CODES_PER_RESIDENT))
    with app.app_context(), database.session_scope() as session:
        before = session.exec(
            select(func.count()).select_from(Ballot).where(Ballot.round_id == round_id)
        ).one()
    accepted_codes, errors, timings, lock = set(), [0], [], threading.Lock()
    ran_out = threading.Event()
    with gunicorn(app.config["DATABASE_URL"], workers=4, threads=8) as base_url:
        deadline = time.perf_counter() + seconds
        shared = {"choices": None}

        def resident(_index: int) -> None:
            local: list[float] = []
            while time.perf_counter() < deadline:
                try:
                    code = codes.popleft()  # atomic: the residents share the deque
                except IndexError:
                    ran_out.set()
                    break
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
    if ran_out.is_set():
        raise RuntimeError("the load ran out of codes: raise CODES_PER_RESIDENT")
    with database.session_scope() as session:
        counted = session.exec(
            select(func.count()).select_from(Ballot).where(Ballot.round_id == round_id)
        ).one()
    return {
        "errors": errors[0],
        "accepted_codes": len(accepted_codes),
        "counted_new_ballots": counted - before,
        "requests": len(timings),
        "p95_ms": statistics.quantiles(timings, n=20)[18] if len(timings) > 1 else 0.0,
    }
