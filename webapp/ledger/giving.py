"""Delegations as 360Giving data: a JSON package and the standard's flat CSV."""

from sqlmodel import Session, select

from webapp.areas.models import Area, Council
from webapp.claims.models import Claim
from webapp.claims.queries import claim_names
from webapp.csvfiles import csv_text
from webapp.groups.models import Group
from webapp.ledger.models import Delegation

CSV_COLUMNS = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Award Date", lambda g: g["awardDate"]),
    ("Planned Dates:Start Date", lambda g: g["plannedDates"][0]["startDate"]),
    ("Planned Dates:End Date", lambda g: g["plannedDates"][0]["endDate"]),
    ("Recipient Org:Identifier", lambda g: g["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda g: g["recipientOrganization"][0]["name"]),
    (
        "Recipient Org:Charity Number",
        lambda g: g["recipientOrganization"][0].get("charityNumber", ""),
    ),
    (
        "Recipient Org:Company Number",
        lambda g: g["recipientOrganization"][0].get("companyNumber", ""),
    ),
    ("Funding Org:Identifier", lambda g: g["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda g: g["fundingOrganization"][0]["name"]),
    ("Beneficiary Location:Name", lambda g: g["beneficiaryLocation"][0]["name"]),
    ("Beneficiary Location:Country Code", lambda g: g["beneficiaryLocation"][0]["countryCode"]),
]


def recipient_id(council: Council, group: Group) -> str:
    """The group's org-id: its charity or company number where it has one."""
    if group.charity_number:
        prefix = "GB-SC" if group.charity_number.startswith("SC") else "GB-CHC"
        return f"{prefix}-{group.charity_number}"
    if group.company_number:
        return f"GB-COH-{group.company_number}"
    return f"{council.giving_prefix}-group-{group.id}"


def grant(session: Session, delegation: Delegation) -> dict:
    council = session.get(Council, delegation.council_id)
    area = session.get(Area, delegation.area_id)
    group = session.get(Group, delegation.group_id)
    claim = session.get(Claim, delegation.claim_id)
    function_name, level_name = claim_names(session, claim)
    recipient = {"id": recipient_id(council, group), "name": group.name}
    if group.charity_number:
        recipient["charityNumber"] = group.charity_number
    if group.company_number:
        recipient["companyNumber"] = group.company_number
    return {
        "id": f"{council.giving_prefix}-delegation-{delegation.id}",
        "title": f"{function_name} in {area.name} ({level_name})",
        "description": claim.delivery or f"{group.name} runs {function_name} in {area.name}.",
        "currency": "GBP",
        "amountAwarded": delegation.annual_budget_pence / 100,
        "awardDate": (claim.decided_at or delegation.created_at).date().isoformat(),
        "plannedDates": [
            {
                "startDate": delegation.start_date.isoformat(),
                "endDate": delegation.end_date.isoformat(),
            }
        ],
        "recipientOrganization": [recipient],
        "fundingOrganization": [
            {"id": council.org_identifier or council.giving_prefix, "name": council.name}
        ],
        "beneficiaryLocation": [{"name": area.name, "countryCode": "GB"}],
        "dateModified": delegation.created_at.isoformat(timespec="seconds"),
    }


def giving_package(session: Session, council: Council) -> dict:
    delegations = session.exec(
        select(Delegation).where(Delegation.council_id == council.id).order_by(Delegation.id)
    ).all()
    return {
        "grants": [grant(session, d) for d in delegations],
        "title": f"{council.name}: delegated community services",
        "license": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    }


def giving_csv(package: dict) -> str:
    return csv_text(
        [name for name, _ in CSV_COLUMNS],
        ([value(item) for _, value in CSV_COLUMNS] for item in package["grants"]),
    )
