"""A group lead registers a group, gets a treasurer, claims a service and sees it reviewed."""

import re

from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from webapp.areas.models import Area
from webapp.claims.mandate import mandate_for
from webapp.db import get_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def supported_claim(app) -> tuple[str, str]:
    """Canal Side's grass cutting, and the level its closed vote supports."""
    with app.app_context(), get_db(app).session_scope() as session:
        area = session.exec(select(Area).where(Area.slug == "canal-side")).one()
        mandate = mandate_for(session=session, area_id=area.id, function_key="grass-cutting")
        return f"{area.id}:grass-cutting", mandate.outcome_key


def sign_up(page: Page, name: str, email: str) -> None:
    page.goto("/register")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill("a long enough password")
    page.get_by_label("Password again").fill("a long enough password")
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_text("Your account is ready.")).to_be_visible()


def test_group_lead_claims_a_service(page: Page, browser: Browser, base_url, live_app, tmp_path):
    service, level = supported_claim(live_app)
    assert level is not None

    sign_up(page, "Lena Lead", "lena@example.org")
    page.get_by_role("link", name="Groups").click()
    page.get_by_role("link", name="Register a group").click()
    page.get_by_label("Group name").fill("Canal Side Gardeners")
    page.get_by_label("Kind of group").select_option("residents_association")
    page.get_by_label("Council").select_option(label="Millbrook Borough Council")
    page.get_by_label("Contact email").fill("gardeners@example.org")
    page.get_by_role("button", name="Register the group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Canal Side Gardeners")

    page.get_by_label("Role", exact=True).select_option("treasurer")
    page.get_by_role("button", name="Create an invitation link").click()
    link = page.locator("#invitation-link").inner_text()
    group_url = page.get_by_role("link", name=re.compile("Back to")).get_attribute("href")

    treasurer = browser.new_context(viewport={"width": 390, "height": 844})
    other = treasurer.new_page()
    other.goto(base_url + "/register")
    other.get_by_label("Your name").fill("Tariq Treasurer")
    other.get_by_label("Email address").fill("tariq@example.org")
    other.get_by_label("Password", exact=True).fill("another long password")
    other.get_by_label("Password again").fill("another long password")
    other.get_by_role("button", name="Create the account").click()
    other.goto(link)
    other.get_by_role("button", name="Accept and join").click()
    expect(other.get_by_text("Welcome to Canal Side Gardeners.")).to_be_visible()
    treasurer.close()

    page.goto(group_url)
    expect(page.get_by_role("cell", name="Tariq Treasurer", exact=True).first).to_be_visible()
    page.get_by_role("link", name="Claim a service").click()
    page.get_by_label("Service and area").select_option(service)
    page.get_by_label("Level of involvement").select_option(level)
    page.get_by_label("What will the group deliver?").fill("Weeding and replanting the canal beds.")
    page.get_by_label("The group's capability and experience").fill("Twelve gardeners.")
    page.get_by_label("How the group manages its money").fill("Two signatories.")
    page.get_by_label("How residents stay involved").fill("A planting day each season.")
    page.get_by_label("Outcomes you expect").fill("Tidier beds and more bees.")
    page.get_by_label("Start date").fill("2027-04-01")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()

    evidence = tmp_path / "insurance.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Document (PDF, PNG or JPEG, up to 10 MB)").set_input_files(evidence)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="insurance.pdf")).to_be_visible()
    page.get_by_role("button", name="Submit the claim").click()
    expect(page.locator("#claim-state")).to_have_text("Submitted: waiting for the council")
    claim_url = page.url

    officer = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = officer.new_page()
    desk.goto(base_url + "/login")
    desk.get_by_label("Email address").fill("officer@millbrook.example")
    desk.get_by_label("Password").fill("demo-officer-password")
    desk.get_by_role("button", name="Sign in").click()
    desk.goto(claim_url)
    desk.get_by_role("button", name="Start the review").click()
    expect(desk.locator("#claim-state")).to_have_text("Under review")
    officer.close()

    page.reload()
    expect(page.locator("#claim-state")).to_have_text("Under review")
    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_text("The council is reviewing the claim").first).to_be_visible()
