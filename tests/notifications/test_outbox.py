"""Emails wait for the whole transaction: a savepoint released sends nothing yet, and
one rolled back takes back only the emails queued inside it."""

import pytest

from tests.factories import create_user
from webapp.errors import DomainError
from webapp.notifications.services import OUTBOX_KEY, send_email


def queue(session, user) -> None:
    send_email(session=session, user=user, kind="password_reset", params={}, url="/")


def queued(session) -> list[str]:
    return [email.to for email in session.info.get(OUTBOX_KEY, [])]


def test_a_savepoint_released_keeps_its_emails_for_the_commit(app, db_session):
    first, second = create_user(db_session), create_user(db_session)
    with app.test_request_context("/"):
        queue(db_session, first)
        with db_session.begin_nested():
            queue(db_session, second)
        assert queued(db_session) == [first.email, second.email]


def test_a_savepoint_rolled_back_takes_back_only_its_own_emails(app, db_session):
    first, second, third = (create_user(db_session) for _ in range(3))
    with app.test_request_context("/"):
        queue(db_session, first)
        with pytest.raises(DomainError), db_session.begin_nested():
            queue(db_session, second)
            with db_session.begin_nested():
                queue(db_session, third)
            raise DomainError()
        assert queued(db_session) == [first.email]
        db_session.rollback()
        assert queued(db_session) == []
