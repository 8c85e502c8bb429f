"""The open data API: shapes, and Schemathesis against its own OpenAPI document."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.ledger.conftest import make_world
from webapp.ledger.instalments import paid_total


@pytest.fixture
def data(app, db_session, runner):
    runner.invoke(args=["demo", "load"])
    return make_world(app, db_session)


def test_openapi_document_is_3_1(client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"] == "3.1.0"
    assert "/api/v1/areas/{slug}" in doc["paths"]


def test_areas_and_menus(client, data):
    areas = client.get("/api/v1/areas").json["areas"]
    assert {a["slug"] for a in areas} >= {"ashworth-estate", data.area.slug}
    area = client.get("/api/v1/areas/ashworth-estate").json
    grass = next(f for f in area["menu"]["functions"] if f["key"] == "grass-cutting")
    assert grass["name"]["cy"] == "Torri gwair a chynnal tiroedd"
    assert {o["level"] for o in grass["options"]} == {
        "consult",
        "involve",
        "collaborate",
        "delegate",
        "control",
    }


def test_results_only_after_close_and_money(client, data):
    [open_round] = client.get("/api/v1/areas/ashworth-estate/rounds").json["rounds"]
    [closed_round] = client.get("/api/v1/areas/canal-side/rounds").json["rounds"]
    assert (open_round["state"], closed_round["state"]) == ("open", "closed")
    assert client.get(f"/api/v1/rounds/{open_round['id']}/results").status_code == 404
    closed = client.get(f"/api/v1/rounds/{closed_round['id']}/results").json
    assert closed["ballots"] > 0 and closed["functions"]
    delegations = client.get(f"/api/v1/councils/{data.council.slug}/delegations").json[
        "delegations"
    ]
    assert delegations[0]["annual_budget_pence"] == 1_500_000
    statement = client.get(f"/api/v1/councils/{data.council.slug}/statement").json
    assert statement["budget_pence"] == sum(line["budget_pence"] for line in statement["lines"])
    assert client.get(f"/api/v1/councils/{data.council.slug}/360giving").json["grants"]


def test_unknown_records_are_json_404(client):
    response = client.get("/api/v1/areas/nowhere")
    assert response.status_code == 404 and response.json == {"error": "not found"}


def test_the_api_is_read_only(client):
    assert client.post("/api/v1/areas").status_code == 405


def test_schemathesis_finds_no_server_errors_and_every_response_matches(app, data):
    """Generated requests for every operation: no 5xx, and every response fits the document."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate()

        check()


def test_paid_so_far_per_delegation_matches_the_instalments(client, db_session, data):
    council = client.get("/api/v1/areas/little-hadley").json["area"]["council"]
    delegations = client.get(f"/api/v1/councils/{council}/delegations").json["delegations"]
    lines = client.get(f"/api/v1/councils/{council}/statement").json["lines"]
    expected = {d["id"]: paid_total(db_session, d["id"]) for d in delegations}
    assert any(expected.values())  # the demo has instalments paid
    assert {d["id"]: d["paid_pence"] for d in delegations} == expected
    assert {line["delegation"]: line["paid_pence"] for line in lines} == expected
