"""Two admins demoting each other at the same moment: the council keeps one admin."""

import threading

from sqlmodel import func, select

from tests.factories import create_council, create_user
from tests.staff.conftest import PASSWORD
from tests.support import app_on_a_new_database
from webapp.audit.models import AuditEvent
from webapp.auth.models import Role, User
from webapp.db import get_db


def test_two_admins_demoting_each_other_at_once_leave_one_admin(database_url, tmp_path):
    with app_on_a_new_database(database_url, tmp_path) as app:
        with app.app_context(), get_db(app).session_scope() as session:
            council = create_council(session)
            admins = [
                create_user(session, role=Role.ADMIN, council=council, name=name)
                for name in ("Ana", "Bo")
            ]
            accounts = [(a.id, a.email) for a in admins]
            council_id = council.id
        start = threading.Barrier(2, timeout=60)
        statuses, errors = [], []

        def demote(me: str, other_id: int) -> None:
            try:
                client = app.test_client()
                client.post("/login", data={"email": me, "password": PASSWORD})
                start.wait()
                answer = client.post(f"/admin/staff/{other_id}/role", data={"role": "officer"})
                statuses.append(answer.status_code)
            except Exception as exc:  # reported by the assertion below
                errors.append(repr(exc))

        threads = [
            threading.Thread(target=demote, args=(accounts[0][1], accounts[1][0])),
            threading.Thread(target=demote, args=(accounts[1][1], accounts[0][0])),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert errors == []
        # The second waits for the first, and by then is signed out by the demotion (302)
        # or, having been let in just before it, refused as no longer an admin (303).
        assert 303 in statuses and set(statuses) <= {302, 303}, statuses
        with app.app_context(), get_db(app).session_scope() as session:
            left = session.exec(
                select(func.count())
                .select_from(User)
                .where(User.council_id == council_id, User.role == Role.ADMIN)
            ).one()
            changes = session.exec(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "role_changed")
            ).one()
        assert (left, changes) == (1, 1)
