from dataclasses import dataclass

import pytest

from tests.factories import create_council, create_user
from tests.test_security_events import security_log  # noqa: F401 - the log's fixture, here too
from webapp.auth.models import Role, User

PASSWORD = "correct horse battery"
HX = {"HX-Request": "true"}


@dataclass
class Office:
    """A council's staff (two admins, an officer, a finance approver), a resident, and
    another council's admin and officer."""

    council: object
    admin: User
    second_admin: User
    officer: User
    finance: User
    resident: User
    other_admin: User
    other_officer: User


@pytest.fixture
def office(db_session) -> Office:
    council = create_council(db_session)
    other = create_council(db_session)

    def staff(role, at=council, **fields):
        return create_user(db_session, role=role, council=at, **fields)

    return Office(
        council=council,
        admin=staff(Role.ADMIN, name="Alex Admin"),
        second_admin=staff(Role.ADMIN, name="Bea Admin"),
        officer=staff(Role.OFFICER, name="Olu Officer"),
        finance=staff(Role.FINANCE_APPROVER, name="Fran Finance"),
        resident=create_user(db_session, name="Rafi Resident"),
        other_admin=staff(Role.ADMIN, other, name="Other Admin"),
        other_officer=staff(Role.OFFICER, other, name="Other Officer"),
    )


def add_newcomer(session, office, email="new.officer@example.org", role="officer"):
    """An account that the office's admin adds, as the staff page would."""
    from webapp.staff.services import add_staff

    return add_staff(
        session=session,
        council_id=office.council.id,
        email=email,
        name=" New Officer ",
        role=role,
        by=office.admin,
    )
