"""Notifying people in the app and by email (SMTP, or .eml files in instance/outbox/)."""

import smtplib
import ssl
import uuid
from collections.abc import Iterable
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlmodel import Session, func, select, update

from webapp.db import after_response, utcnow
from webapp.i18n import current_language, gettext, in_language
from webapp.notifications.messages import render_message, render_subject
from webapp.notifications.models import Notification

if TYPE_CHECKING:  # auth emails through this module: importing auth here is a cycle
    from webapp.auth.models import User

OUTBOX_KEY = "outbox"


class Email(NamedTuple):
    """An email waiting for its transaction to commit, and the language it is for."""

    to: str
    name: str
    language: str
    kind: str
    params: dict
    url: str


def notify(*, session: Session, users: Iterable["User"], kind: str, params: dict, url: str) -> None:
    """A notification for each user, and an email sent once the transaction commits."""
    seen = set()
    for user in users:
        if user is None or user.id in seen:
            continue
        seen.add(user.id)
        session.add(Notification(user_id=user.id, kind=kind, params=params, url=url))
        send_email(session=session, user=user, kind=kind, params=params, url=url)
    session.flush()


def send_email(*, session: Session, user: "User", kind: str, params: dict, url: str) -> None:
    """An email alone, with no notification in the app, sent once the transaction commits.

    It is written in the account's language; for an account that keeps none yet, in
    the language of the request that sends it (English outside a request)."""
    language = user.language or current_language()
    email = Email(user.email, user.name, language, kind, params, url)
    session.info.setdefault(OUTBOX_KEY, []).append(email)


def unread_count(*, session: Session, user_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    ).one()


def notifications_of(*, session: Session, user_id: int, limit: int = 100) -> list[Notification]:
    return list(
        session.exec(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def mark_all_read(*, session: Session, user_id: int) -> None:
    session.exec(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def _message(config: dict, email: Email) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config.get("MAIL_FROM", "Neighbourhood Menu <no-reply@localhost>")
    # Quoted: a name cannot add recipients.
    message["To"] = formataddr((" ".join(email.name.split()), email.to))
    message["Message-ID"] = f"<{uuid.uuid4()}@neighbourhood-menu>"
    with in_language(email.language):  # the reader's, never the sender's
        # One line, whatever a reason held.
        subject = " ".join(render_subject(email.kind, email.params).split())
        message["Subject"] = f"{gettext('Neighbourhood Menu')}: {subject[:120]}"
        text = render_message(email.kind, email.params)
    message.set_content(f"{text}\n\n{config.get('BASE_URL', '')}{email.url}\n")
    message["Content-Language"] = email.language  # after set_content, which clears Content-*
    return message


def deliver(messages: list[EmailMessage]) -> None:
    """Send by SMTP when MAIL_SERVER is set; otherwise write each to instance/outbox/."""
    config = current_app.config
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(
            config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25), timeout=10
        ) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())  # the certificate is checked
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
            for message in messages:
                smtp.send_message(message)
        return
    outbox = Path(config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    for message in messages:
        stamp = utcnow().strftime("%Y%m%dT%H%M%S")
        (outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml").write_bytes(bytes(message))


# SQLAlchemy says "commit" and "rollback" of a savepoint too: the outbox is sent only
# when the whole transaction commits, and a savepoint rolled back takes back only the
# emails queued inside it.
_SAVEPOINT_MARKS = "outbox_marks"


@event.listens_for(Session, "after_transaction_create")
def _mark_outbox(session, transaction) -> None:
    if transaction.nested:
        marks = session.info.setdefault(_SAVEPOINT_MARKS, {})
        marks[id(transaction)] = len(session.info.get(OUTBOX_KEY, []))


@event.listens_for(Session, "after_soft_rollback")
def _drop_outbox(session, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(OUTBOX_KEY, None)
        session.info.pop(_SAVEPOINT_MARKS, None)
        return
    mark = session.info.get(_SAVEPOINT_MARKS, {}).pop(id(previous_transaction), None)
    if mark is not None and OUTBOX_KEY in session.info:
        del session.info[OUTBOX_KEY][mark:]


@event.listens_for(Session, "after_commit")
def _send_outbox(session) -> None:
    """Render the committed emails now, each in its reader's language, and send them
    once the answer has gone: a slow mail server neither delays it nor shows in its
    timing."""
    if session.get_nested_transaction() is not None:  # a savepoint released: not yet
        return
    session.info.pop(_SAVEPOINT_MARKS, None)
    pending = session.info.pop(OUTBOX_KEY, [])
    if not pending or not has_app_context():
        return
    app = current_app._get_current_object()
    messages = [_message(app.config, email) for email in pending]

    def send() -> None:
        try:
            deliver(messages)
        except (OSError, ValueError, smtplib.SMTPException) as exc:
            app.logger.error("could not send %d emails: %s", len(messages), exc)

    after_response(send)
