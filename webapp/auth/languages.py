"""The language an account is written to in: emails go out in it, whoever's action
sent them (see webapp/notifications/services.py)."""

from sqlmodel import Session

from webapp.auth.models import User
from webapp.auth.services import audit_account
from webapp.errors import DomainError
from webapp.i18n import LANGUAGES


class UnknownLanguage(DomainError):
    pass


def set_language(*, session: Session, user: User, language: str) -> None:
    """Keep `language` as the account's; a change from one it had is audited."""
    if language not in LANGUAGES:
        raise UnknownLanguage(detail=repr(language)[:20])
    if language == user.language:
        return
    previous = user.language
    user.language = language
    session.add(user)
    session.flush()
    if previous is not None:
        audit_account(
            session, user, "language_changed", actor=user, from_state=previous, to_state=language
        )


def note_language_at_sign_in(
    *, session: Session, user: User, chosen: str | None, in_use: str
) -> None:
    """At sign-in: a language picked in this browser becomes the account's; one only
    guessed from the browser's settings fills in an account that has none, and never
    replaces one its owner picked elsewhere."""
    set_language(session=session, user=user, language=chosen or user.language or in_use)
