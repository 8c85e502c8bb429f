"""Security events, one JSON object a line on the `webapp.security` logger (stderr).

Sign-ins and their failures, sign-outs, re-authentication, expired staff sessions,
changes to staff accounts, refused permissions, CSRF failures and rate-limit hits. Each line says when (UTC),
what, the outcome, who (the signed-in user's id, or the email typed at sign-in),
the client address and the route. The route is the rule (`/invitations/<token>`),
never the path or query, so invitation tokens and ballot codes stay out of the log;
JSON encoding keeps a typed value from forging a line. Passwords are never passed.
"""

import json
import logging
from datetime import UTC, datetime

from flask import Flask, has_request_context, request, session

logger = logging.getLogger("webapp.security")


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(getattr(record, "security_event", {"event": record.getMessage()}))


def security_event(event: str, outcome: str, **details) -> None:
    """Log one security event; `details` must hold nothing secret."""
    entry = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "event": event,
        "outcome": outcome,
    }
    if has_request_context():
        rule = request.url_rule
        entry.update(
            user_id=session.get("_user_id"),
            client=request.remote_addr,
            method=request.method,
            route=rule.rule if rule is not None else None,
        )
    entry.update(details)
    logger.info("%s %s", event, outcome, extra={"security_event": entry})


def init_app(_app: Flask) -> None:
    logger.setLevel(logging.INFO)
    if not any(isinstance(h.formatter, JsonLines) for h in logger.handlers):
        handler = logging.StreamHandler()  # stderr: gunicorn's error log
        handler.setFormatter(JsonLines())
        logger.addHandler(handler)
    logger.propagate = False  # one line per event, whatever the root logger does
