"""Bulk approval without JavaScript: post/redirect/get, one admin menu."""

from sqlmodel import select

from webapp.ledger.models import InstalmentApproval


def test_bulk_approval_without_javascript_redirects_and_lists_the_results(
    client, auth, db_session, desk
):
    world, first, _ = desk
    auth.login(world.approver.email)
    answer = client.post(
        "/admin/instalments/bulk-approve",
        data={"ids": [str(first.id), "999999"]},
        headers={"Referer": "http://localhost/admin/instalments?sort=-due"},
    )
    assert answer.status_code == 303  # a reload of what follows posts nothing again
    assert answer.headers["Location"].endswith("/admin/instalments?sort=-due")
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert f"Instalment {first.id}: Approved" in page
    assert "Instalment 999999: Not found." in page
    assert page.count('id="admin-nav"') == 1
    client.get(answer.headers["Location"])  # the officer reloads
    approvals = db_session.exec(
        select(InstalmentApproval).where(InstalmentApproval.instalment_id == first.id)
    ).all()
    assert len(approvals) == 1


def test_bulk_approval_without_javascript_and_nothing_selected_says_so(client, auth, desk):
    auth.login(desk[0].approver.email)
    answer = client.post("/admin/instalments/bulk-approve", data={}, follow_redirects=True)
    page = answer.get_data(as_text=True)
    assert "No instalments were selected." in page
    assert page.count('id="admin-nav"') == 1
