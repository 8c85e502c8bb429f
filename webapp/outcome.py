"""Run one user action all or nothing, and tell the person how it went.

A view that answers a refusal with a redirect, or with its form again, still commits
the request (its status is under 400). So a service call that a view may refuse runs
in a savepoint: a refusal raised part way through undoes the part already done.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import flash

from webapp.db import get_session
from webapp.errors import DomainError


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """A savepoint around a service call: an exception raised inside it (a refusal, say)
    rolls back what the call changed, then goes on up to the view."""
    with get_session().begin_nested():
        yield


def flash_outcome(action: Callable[[], object], done: str) -> bool:
    """Call `action`, all or nothing; flash its refusal, or `done` when it worked. True
    when it worked."""
    try:
        with all_or_nothing():
            action()
    except DomainError as exc:
        flash(str(exc.message), "error")
        return False
    flash(done, "success")
    return True
