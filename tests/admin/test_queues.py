"""The queues: filters as the officer means them, rows decided in place."""

import re
from datetime import UTC, datetime

import pytest

from tests.admin.conftest import HX


def test_claim_date_filter_uses_the_uk_day_the_queue_shows(client, auth, db_session, desk):
    world, _, claim = desk
    # 00:30 on 1 June in the UK (BST) is 23:30 on 31 May in UTC.
    claim.submitted_at = datetime(2026, 5, 31, 23, 30, tzinfo=UTC)
    db_session.flush()
    auth.login(world.officer.email)
    assert "1 Jun 2026 at 00:30" in client.get("/admin/claims").get_data(as_text=True)
    found = client.get("/admin/claims?from=2026-06-01&to=2026-06-01").get_data(as_text=True)
    assert f"claim-row-{claim.id}" in found
    before = client.get("/admin/claims?to=2026-05-31").get_data(as_text=True)
    assert f"claim-row-{claim.id}" not in before


def test_the_last_date_there_is_is_refused_with_a_note(client, auth, desk):
    auth.login(desk[0].officer.email)
    for url in ("/admin/claims?to=9999-12-31", "/admin/instalments?to=9999-12-31"):
        response = client.get(url)
        assert response.status_code == 200
        assert "The last date is not a date; it was ignored." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "typed", "read"),
    [
        ("pl", "1500,50", "1500.50"),  # a decimal comma, not a thousands separator
        ("pl", "1 500,50", "1500.50"),
        ("ro", "1.500,50", "1500.50"),
        ("en", "1,500.50", "1500.50"),
        ("ro", "1500.50", "1500.50"),  # as the queue's own links write it, in any language
    ],
)
def test_amounts_are_read_as_the_reader_writes_numbers(client, auth, desk, lang, typed, read):
    auth.login(desk[0].approver.email)
    page = client.get("/admin/instalments", query_string={"lang": lang, "max": typed})
    assert f'id="f-max" name="max" value="{read}"' in page.get_data(as_text=True)


def test_an_amount_that_is_not_the_readers_is_refused_not_guessed(client, auth, desk):
    auth.login(desk[0].approver.email)
    page = client.get("/admin/instalments?max=1500,50").get_data(as_text=True)
    assert "The largest amount is not a number of pounds; it was ignored." in page
    assert 'id="f-max" name="max" value=""' in page


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("officer", "/admin/claims/{claim}/start_review", "Under review"),
        ("approver", "/admin/instalments/{instalment}/approve", "Approved"),
    ],
)
def test_a_row_decided_in_place_takes_the_focus_to_its_status(client, auth, desk, who, url, status):
    world, first, claim = desk
    auth.login(getattr(world, who).email)
    url = url.format(claim=claim.id, instalment=first.id)
    row = client.post(url, headers=HX).get_data(as_text=True)
    assert row.count("autofocus") == 1
    assert re.search(rf'tabindex="-1" autofocus>{status}</span>', row)  # on the status
    for url in ("/admin/claims", "/admin/instalments"):
        assert "autofocus" not in client.get(url).get_data(as_text=True)
