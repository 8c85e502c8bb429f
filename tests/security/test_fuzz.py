"""Hostile input to every form: never a server error, never stored unescaped, nothing half-saved."""

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from tests.factories import create_area, create_council, create_officer, create_round, create_user
from tests.ledger.conftest import make_world
from webapp.claims.models import Claim
from webapp.groups.models import Group
from webapp.voting.models import Ballot, Household, VotingRound

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE area; --",
    "%00",
    "\x00",
    "\u202e\u0000",
    "../../etc/passwd",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "-1",
    "-999999999999",
    "1e309",
    "NaN",
    "0.0000001",
    "99999999999999999999999",
    "",
    " ",
    "🏠" * 300,
    "a" * 20000,
]
HOSTILE = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=200),
    st.text(min_size=1, max_size=5).map(lambda s: s * 500),
)
FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def no_server_error(response) -> None:
    assert response.status_code < 500, response.status_code
    body = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "onerror=alert(1)>" not in body


@FUZZ
@given(name=HOSTILE, email=HOSTILE, password=HOSTILE)
def test_register(client, db_session, name, email, password):
    with db_session.begin_nested() as savepoint:
        response = client.post(
            "/register",
            data={"name": name, "email": email, "password": password, "confirm": password},
        )
        no_server_error(response)
        client.post("/logout")
        savepoint.rollback()


@FUZZ
@given(email=HOSTILE, password=HOSTILE)
def test_login(client, db_session, email, password):
    from webapp.extensions import limiter

    limiter.reset()
    no_server_error(client.post("/login", data={"email": email, "password": password}))


@FUZZ
@given(query=HOSTILE)
def test_search_and_filters(client, auth, db_session, query):
    no_server_error(client.get("/", query_string={"q": query}))


@FUZZ
@given(name=HOSTILE, charity=HOSTILE, company=HOSTILE, phone=HOSTILE)
def test_new_group(app, client, auth, db_session, name, charity, company, phone):
    with db_session.begin_nested() as savepoint:
        council = create_council(db_session)
        user = create_user(db_session)
        auth.login(user.email)
        before = count(db_session, Group)
        response = client.post(
            "/groups/new",
            data={
                "name": name,
                "kind": "charity",
                "council": council.id,
                "charity_number": charity,
                "company_number": company,
                "contact_email": "g@example.org",
                "contact_phone": phone,
            },
        )
        no_server_error(response)
        if response.status_code != 302:
            assert count(db_session, Group) == before
        else:
            page = client.get(response.headers["Location"]).get_data(as_text=True)
            assert "<script>alert(1)</script>" not in page
        auth.logout()
        savepoint.rollback()


@FUZZ
@given(texts=st.lists(HOSTILE, min_size=6, max_size=6), level=HOSTILE, service=HOSTILE)
def test_new_claim(app, client, auth, db_session, texts, level, service):
    with db_session.begin_nested() as savepoint:
        world = make_world(app, db_session, activate=False)
        auth.login(world.lead.email)
        before = count(db_session, Claim)
        names = ["delivery", "capability", "finances", "involvement", "outcomes", "start_date"]
        response = client.post(
            f"/groups/{world.group.id}/claims/new",
            data={"service": service, "level": level, **dict(zip(names, texts, strict=True))},
        )
        no_server_error(response)
        assert count(db_session, Claim) == before  # the service and level are never valid here
        auth.logout()
        savepoint.rollback()


@FUZZ
@given(opens=HOSTILE, closes=HOSTILE, quorum=HOSTILE)
def test_new_round(app, client, auth, db_session, opens, closes, quorum):
    with db_session.begin_nested() as savepoint:
        area = create_area(db_session)
        auth.login(create_officer(db_session, area).email)
        before = count(db_session, VotingRound)
        response = client.post(
            f"/officer/areas/{area.slug}/rounds/new",
            data={"opens_at": opens, "closes_at": closes, "quorum_percent": quorum},
        )
        no_server_error(response)
        assert count(db_session, VotingRound) == before  # the area has no menu: never a round
        auth.logout()
        savepoint.rollback()


@FUZZ
@given(cells=st.lists(HOSTILE, min_size=6, max_size=6), raw=st.binary(max_size=300))
def test_register_upload(app, client, auth, db_session, cells, raw):
    with db_session.begin_nested() as savepoint:
        area = create_area(db_session)
        auth.login(create_officer(db_session, area).email)
        csv_line = ",".join('"' + c.replace('"', '""') + '"' for c in cells)
        for body in (
            f"UPRN,Address,Postcode,Area,Eligible voters,Language\n{csv_line}\n".encode(),
            raw,
        ):
            response = client.post(
                f"/officer/areas/{area.slug}/register",
                data={"file": (io.BytesIO(body), "register.csv")},
                content_type="multipart/form-data",
            )
            no_server_error(response)
            if response.status_code != 302:
                assert count(db_session, Household) == 0
        auth.logout()
        savepoint.rollback()


@FUZZ
@given(code=HOSTILE, choices=st.dictionaries(HOSTILE, HOSTILE, max_size=4))
def test_ballot(app, client, db_session, code, choices):
    from webapp.extensions import limiter

    limiter.reset()
    with db_session.begin_nested() as savepoint:
        with app.app_context():
            _, area, codes = create_round(db_session, voters=1)
        no_server_error(client.post(f"/areas/{area.slug}/vote", data={"code": code}))
        client.post(f"/areas/{area.slug}/vote", data={"code": codes[0]})
        form = {f"choice-{k}"[:100]: v for k, v in choices.items()}
        no_server_error(client.post(f"/areas/{area.slug}/vote/ballot", data=form))
        no_server_error(
            client.post(
                f"/areas/{area.slug}/vote/choice", data=form, headers={"HX-Request": "true"}
            )
        )
        no_server_error(client.post(f"/areas/{area.slug}/vote/submit", data={}))
        assert count(db_session, Ballot) == 0
        savepoint.rollback()


def test_money_forms(app, client, auth, db_session):
    world = make_world(app, db_session)
    auth.login(world.approver.email)

    @FUZZ
    @given(reason=HOSTILE, period=HOSTILE, amount=HOSTILE)
    def check(reason, period, amount):
        no_server_error(
            client.post(f"/delegations/{world.delegation.id}/rebates", data={"period": period})
        )
        no_server_error(
            client.get(
                "/admin/instalments", query_string={"min": amount, "max": reason, "from": period}
            )
        )
        no_server_error(
            client.post(
                f"/admin/claims/{world.claim.id}/suspend",
                data={"reason": reason},
                headers={"HX-Request": "true"},
            )
        )
        no_server_error(client.post(f"/admin/claims/{world.claim.id}/reinstate"))

    check()
