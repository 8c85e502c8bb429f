"""Run one user action and tell the person how it went, in a flash message."""

from collections.abc import Callable

from flask import flash

from webapp.errors import DomainError


def flash_outcome(action: Callable[[], object], done: str) -> bool:
    """Call `action`; flash its refusal, or `done` when it worked. True when it worked."""
    try:
        action()
    except DomainError as exc:
        flash(str(exc.message), "error")
        return False
    flash(done, "success")
    return True
