"""Every URL rule of the app, for every kind of visitor: the status each must get.

A new route without an entry here fails `test_every_route_has_an_entry`.
"""

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.factories import add_member, create_group, create_household, create_officer, create_user
from tests.ledger.conftest import make_world
from webapp import create_app
from webapp.auth.models import Role
from webapp.claims.evidence import store_evidence
from webapp.db import get_db, utcnow
from webapp.groups.models import MemberRole
from webapp.groups.services import invite
from webapp.ledger.models import Instalment
from webapp.voting.letters import issue_codes
from webapp.voting.models import VotingRound

ROLES = (
    "anon",
    "resident",
    "other_member",
    "lead",
    "treasurer",
    "other_officer",
    "other_admin",
    "officer",
    "finance",
    "admin",
    "kiosk",
)
PEOPLE = ("lead", "treasurer")
STAFF = ("officer", "finance", "admin")


def statuses(anon=200, signed_in=200, kiosk=None, **overrides) -> dict:
    """Another council's admin gets what another council's officer gets, unless told."""
    table = {role: signed_in for role in ROLES}
    table["anon"] = anon
    table["kiosk"] = anon if kiosk is None else kiosk
    table.update(overrides)
    if "other_admin" not in overrides:
        table["other_admin"] = table["other_officer"]
    return table


PUBLIC = statuses()
SIGNED_IN = statuses(anon=302, kiosk=403)
GROUP_VIEW = statuses(
    anon=302, signed_in=404, kiosk=403, lead=200, treasurer=200, officer=200, finance=200, admin=200
)
GROUP_EDITOR = statuses(
    anon=302, signed_in=404, kiosk=403, lead=200, treasurer=200, officer=403, finance=403, admin=403
)
STAFF_PAGE = statuses(
    anon=302, signed_in=403, kiosk=403, officer=200, finance=200, admin=200, other_officer=404
)
STAFF_HOME = statuses(
    anon=302, signed_in=403, kiosk=403, officer=200, finance=200, admin=200, other_officer=200
)
STAFF_STATEMENT = statuses(
    anon=302, signed_in=404, kiosk=403, officer=200, finance=200, admin=200, other_officer=404
)
COUNCIL_STATEMENT = statuses(  # by the council's slug: another council's officer gets a 404
    anon=302, signed_in=404, kiosk=403, officer=200, finance=200, admin=200, other_officer=404
)
ACCOUNT_FORM = statuses(anon=200, signed_in=302, kiosk=403)
# A council's admins only; another council's admin sees their own council's list, and
# gets a 404 for this council's accounts.
ADMIN_HOME = statuses(anon=302, signed_in=403, kiosk=403, admin=200, other_admin=200)
ADMIN_PAGE = statuses(anon=302, signed_in=403, kiosk=403, admin=200, other_admin=404)

GET_EXPECTED = {
    "areas.home": ("/", PUBLIC),
    "areas.area": ("/areas/{slug}", PUBLIC),
    "areas.function": ("/areas/{slug}/functions/grass-cutting", PUBLIC),
    "health.healthz": ("/healthz", PUBLIC),
    "auth.login": ("/login", ACCOUNT_FORM),
    "auth.register": ("/register", ACCOUNT_FORM),
    "auth.reauthenticate": ("/reauthenticate", SIGNED_IN),
    "auth.change_password": ("/account/password", SIGNED_IN),
    "auth.forgot_password": ("/password/forgot", statuses(kiosk=403)),
    # an unknown link: the same answer for everyone, but a kiosk
    "auth.choose_new_password": ("/password/reset/unknown", statuses(410, 410, kiosk=403)),
    "voting.enter_code": ("/areas/{slug}/vote", PUBLIC),
    "voting.ballot": ("/areas/{slug}/vote/ballot", statuses(anon=302, signed_in=302)),
    "voting.review": ("/areas/{slug}/vote/review", statuses(anon=302, signed_in=302)),
    "voting.done": ("/areas/{slug}/vote/done", statuses(anon=302, signed_in=302)),
    "voting.results": ("/rounds/{closed_round}/results", PUBLIC),
    "voting.results_csv": ("/rounds/{closed_round}/results.csv", PUBLIC),  # open: 404 to all
    "voting.my_ballots": ("/account/ballots", SIGNED_IN),
    "voting.officer_home": ("/officer", STAFF_HOME),
    "voting.officer_area": ("/officer/areas/{slug}", STAFF_PAGE),
    "voting.officer_round": ("/officer/rounds/{open_round}", STAFF_PAGE),
    "voting.upload_register": ("/officer/areas/{slug}/register", STAFF_PAGE),
    "voting.new_round": ("/officer/areas/{slug}/rounds/new", STAFF_PAGE),
    "voting.change": ("/officer/rounds/{open_round}/change", STAFF_PAGE),
    "voting.paper_ballot": ("/officer/rounds/{open_round}/paper", STAFF_PAGE),
    "voting.letters": ("/officer/rounds/{open_round}/letters", STAFF_PAGE),
    "groups.my_groups": ("/groups", SIGNED_IN),
    "groups.new_group": ("/groups/new", SIGNED_IN),
    "groups.group": ("/groups/{group}", GROUP_VIEW),
    "groups.invitation": ("/invitations/{token}", SIGNED_IN),
    "claims.new_claim": ("/groups/{group}/claims/new", GROUP_EDITOR),
    "claims.claim": ("/claims/{claim}", GROUP_VIEW),
    "claims.download_evidence": ("/claims/{claim}/evidence/{evidence}", GROUP_VIEW),
    "notifications.inbox": ("/notifications", SIGNED_IN),
    "ledger.delegation": ("/delegations/{delegation}", GROUP_VIEW),
    "ledger.rebates_csv": (
        "/delegations/{delegation}/rebates.csv",
        statuses(
            anon=302,
            signed_in=403,
            kiosk=403,
            officer=200,
            finance=200,
            admin=200,
            other_officer=404,
        ),
    ),
    "ledger.statement": ("/statements/group/{group}", GROUP_VIEW),
    "ledger.statement_csv_view": ("/statements/council/{council}.csv", COUNCIL_STATEMENT),
    "ledger.giving_json": ("/councils/{council}/360giving.json", PUBLIC),
    "ledger.giving_csv_view": ("/councils/{council}/360giving.csv", PUBLIC),
    "admin.dashboard": ("/admin/", STAFF_HOME),
    "admin.claims": ("/admin/claims", STAFF_HOME),
    "admin.instalments": ("/admin/instalments", STAFF_HOME),
    "admin.confirm_pay": ("/admin/instalments/{instalment}/confirm-pay", STAFF_PAGE),
    "admin.overview_page": ("/admin/overview", STAFF_HOME),
    "admin.overview_csv_view": ("/admin/overview.csv", STAFF_HOME),
    "staff.staff_list": ("/admin/staff", ADMIN_HOME),
    "staff.account": ("/admin/staff/{officer_id}", ADMIN_PAGE),
    "kiosk.start": ("/kiosk/{slug}", statuses(anon=200, signed_in=302, kiosk=200)),
    "api.openapi": ("/api/v1/openapi.json", PUBLIC),
    "api.areas": ("/api/v1/areas", PUBLIC),
    "api.area": ("/api/v1/areas/{slug}", PUBLIC),
    "api.rounds": ("/api/v1/areas/{slug}/rounds", PUBLIC),
    "api.round_results": ("/api/v1/rounds/{closed_round}/results", PUBLIC),
    "api.delegations": ("/api/v1/councils/{council}/delegations", PUBLIC),
    "api.statement": ("/api/v1/councils/{council}/statement", PUBLIC),
    "api.giving": ("/api/v1/councils/{council}/360giving", PUBLIC),
    "kiosk.code": ("/kiosk/{slug}/code", statuses(anon=302, signed_in=302, kiosk=200)),
}
# Every state-changing request needs the CSRF token: without it, everyone gets 400.
POST_ENDPOINTS = {
    "auth.login": "/login",
    "auth.register": "/register",
    "auth.logout": "/logout",
    "auth.reauthenticate": "/reauthenticate",
    "auth.change_password": "/account/password",
    "auth.choose_language": "/account/language",
    "auth.end_sessions": "/account/sessions/end",
    "auth.end_session": "/account/sessions/1/end",
    "auth.forgot_password": "/password/forgot",
    "auth.choose_new_password": "/password/reset/unknown",
    "voting.enter_code": "/areas/{slug}/vote",
    "voting.ballot": "/areas/{slug}/vote/ballot",
    "voting.save_choice": "/areas/{slug}/vote/choice",
    "voting.submit": "/areas/{slug}/vote/submit",
    "voting.upload_register": "/officer/areas/{slug}/register",
    "voting.new_round": "/officer/areas/{slug}/rounds/new",
    "voting.paper_ballot": "/officer/rounds/{open_round}/paper",
    "voting.print_letters": "/officer/rounds/{open_round}/letters/1",
    "voting.unlink_ballot": "/account/ballots/1/unlink",
    "voting.cancel": "/officer/rounds/{open_round}/cancel",
    "voting.change": "/officer/rounds/{open_round}/change",
    "groups.new_group": "/groups/new",
    "groups.invitation": "/invitations/{token}",
    "groups.create_invitation": "/groups/{group}/invitations",
    "groups.remove": "/groups/{group}/members/{lead_id}/remove",
    "groups.set_role": "/groups/{group}/members/{lead_id}/role",
    "claims.new_claim": "/groups/{group}/claims/new",
    "claims.act": "/claims/{claim}/actions/submit",
    "claims.edit_claim": "/claims/{claim}/edit",
    "claims.override": "/claims/{claim}/override",
    "claims.report": "/claims/{claim}/reports/1",
    "claims.tick_condition": "/claims/{claim}/conditions/insurance",
    "claims.upload_evidence": "/claims/{claim}/evidence",
    "notifications.read_all": "/notifications/read",
    "ledger.request_": "/delegations/{delegation}/instalments/{instalment}/request",
    "ledger.approve": "/delegations/{delegation}/instalments/{instalment}/approve",
    "ledger.reject": "/delegations/{delegation}/instalments/{instalment}/reject",
    "ledger.pay": "/delegations/{delegation}/instalments/{instalment}/pay",
    "ledger.rebates": "/delegations/{delegation}/rebates",
    "admin.claim_action": "/admin/claims/{claim}/approve",
    "admin.instalment_action": "/admin/instalments/{instalment}/approve",
    "admin.bulk_approve": "/admin/instalments/bulk-approve",
    "staff.add": "/admin/staff",
    "staff.change_role": "/admin/staff/{officer_id}/role",
    "staff.disable": "/admin/staff/{officer_id}/disable",
    "staff.enable": "/admin/staff/{officer_id}/enable",
    "kiosk.start": "/kiosk/{slug}",
    "kiosk.code": "/kiosk/{slug}/code",
    "kiosk.reset": "/kiosk/{slug}/reset",
    "kiosk.display": "/kiosk/{slug}/display",
    "kiosk.still_here": "/kiosk/{slug}/still-here",
}


def test_every_route_has_an_entry(app):
    get_rules = {r.endpoint for r in app.url_map.iter_rules() if "GET" in r.methods} - {"static"}
    post_rules = {r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods}
    assert get_rules == set(GET_EXPECTED), "add the new route to GET_EXPECTED"
    assert post_rules == set(POST_ENDPOINTS), "add the new route to POST_ENDPOINTS"


@pytest.fixture
def matrix(app, db_session):
    world = make_world(app, db_session)
    now = utcnow()
    voting_round = VotingRound(
        area_id=world.area.id,
        menu_version_id=world.claim.menu_version_id,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=5),
        quorum_percent=0,
    )
    closed = VotingRound(
        area_id=world.area.id,
        menu_version_id=world.claim.menu_version_id,
        opens_at=now - timedelta(days=20),
        closes_at=now - timedelta(days=10),
        quorum_percent=0,
    )
    db_session.add_all([voting_round, closed])
    db_session.flush()
    create_household(db_session, area=world.area)
    with app.app_context():
        issue_codes(session=db_session, voting_round=voting_round)
        evidence = store_evidence(
            session=db_session,
            claim=world.claim,
            data=b"%PDF-1.4 x",
            filename="a.pdf",
            condition_key=None,
            by=world.lead,
        )
    other_group = create_group(db_session, council=world.council)
    people = {
        "resident": create_user(db_session),
        "other_member": add_member(db_session, other_group),
        "lead": world.lead,
        "treasurer": world.treasurer,
        "other_officer": create_user(db_session, role=Role.OFFICER),
        "other_admin": create_user(db_session, role=Role.ADMIN),
        "officer": world.officer,
        "finance": world.approver,
        "admin": create_officer(db_session, world.area, role=Role.ADMIN),
    }
    instalment = db_session.exec(
        select(Instalment).where(Instalment.delegation_id == world.delegation.id)
    ).first()
    values = {
        "slug": world.area.slug,
        "council": world.council.slug,
        "group": world.group.id,
        "claim": world.claim.id,
        "evidence": evidence.id,
        "delegation": world.delegation.id,
        "instalment": instalment.id,
        "open_round": voting_round.id,
        "closed_round": closed.id,
        "token": invite(
            session=db_session, group=world.group, role=MemberRole.MEMBER, by=world.lead
        ),
        "lead_id": world.lead.id,
        "officer_id": world.officer.id,
    }
    return world, people, values


def _as(client, people, role, values):
    if role == "kiosk":
        client.post(f"/kiosk/{values['slug']}")
    elif role != "anon":
        client.post(
            "/login", data={"email": people[role].email, "password": "correct horse battery"}
        )


@pytest.mark.parametrize("endpoint", sorted(GET_EXPECTED))
def test_get_access(app, db_session, matrix, endpoint):
    _world, people, values = matrix
    url, expected = GET_EXPECTED[endpoint]
    url = url.format(**values)
    wrong = []
    for role in ROLES:
        client = app.test_client()
        _as(client, people, role, values)
        with client.get(url) as response:
            if response.status_code != expected[role]:
                wrong.append(f"{role}: {response.status_code}, expected {expected[role]}")
    assert wrong == [], url


@pytest.fixture
def csrf_app(app, database_url, db_session, tmp_path):
    protected = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "UPLOAD_FOLDER": str(tmp_path / "u"),
            "MAIL_OUTBOX": str(tmp_path / "o"),
        }
    )
    get_db(protected).engine.dispose()
    get_db(protected).session_factory = get_db(app).session_factory
    return protected


@pytest.mark.parametrize("endpoint", sorted(POST_ENDPOINTS))
def test_every_state_change_needs_the_csrf_token(app, csrf_app, db_session, matrix, endpoint):
    _world, people, values = matrix
    url = POST_ENDPOINTS[endpoint].format(**values)
    wrong = []
    for role in ("anon", "lead", "officer", "finance", "admin", "kiosk"):
        client = app.test_client()  # signs in without CSRF, then posts to the protected app
        _as(client, people, role, values)
        protected = csrf_app.test_client()
        for cookie in client._cookies.values():
            protected.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
        status = protected.post(url, data={"reason": "x", "code": "x"}).status_code
        if status != 400:
            wrong.append(f"{role}: {status}")
    assert wrong == [], url


def test_no_get_request_changes_any_record(app, db_session, matrix):
    """Every GET route, for every kind of visitor: not one row is added, changed or removed.

    (The bookkeeping a GET may write, a sign-in's last-seen time every five minutes or
    an expired staff sign-in ended, is not due within this test's few seconds; it has
    its own tests in tests/auth/test_bookkeeping.py.)"""
    from sqlalchemy import text

    from webapp.db import metadata

    _world, people, values = matrix

    def snapshot():
        return {
            name: db_session.execute(text(f'SELECT * FROM "{name}" ORDER BY 1')).all()  # noqa: S608
            for name in sorted(metadata.tables)
        }

    cookies = {}  # each visitor signs in once, before the snapshot: signing in is a POST
    for role in ROLES:
        client = app.test_client()
        _as(client, people, role, values)
        cookie = client.get_cookie("session")
        cookies[role] = cookie.value if cookie else None
    db_session.flush()
    before = snapshot()
    for _endpoint, (url, _expected) in sorted(GET_EXPECTED.items()):
        for role in ROLES:
            client = app.test_client()  # a fresh browser holding the visitor's cookie
            if cookies[role]:
                client.set_cookie("session", cookies[role])
            with client.get(url.format(**values)):
                pass
    db_session.expire_all()
    after = snapshot()
    changed = [name for name in before if before[name] != after[name]]
    assert changed == []
