"""The demo council: Millbrook, with two estates, a town neighbourhood and a village."""

from pathlib import Path

from sqlmodel import Session, select

from webapp.areas.cli import load_menus
from webapp.areas.models import Area, AreaPostcodeDistrict, Council, Menu
from webapp.auth.models import Role, User
from webapp.auth.services import create_user
from webapp.db import get_db
from webapp.demo.groups import load_groups_demo
from webapp.demo.ledger import load_ledger_demo
from webapp.demo.voting import load_voting_demo

MENUS_DIR = Path(__file__).resolve().parent.parent.parent / "menus"

COUNCIL = {
    "slug": "millbrook",
    "name": "Millbrook Borough Council",
    "giving_prefix": "360G-millbrook",
    "org_identifier": "GB-LAE-MLB",
}

AREAS = [
    {
        "slug": "ashworth-estate",
        "name": "Ashworth Estate",
        "kind": "estate",
        "households": 1240,
        "deprivation_decile": 2,
        "languages": ["en", "pl", "ur", "so", "bn"],
        "districts": ["MB4", "MB5"],
        "menu": "estate",
    },
    {
        "slug": "canal-side",
        "name": "Canal Side",
        "kind": "estate",
        "households": 860,
        "deprivation_decile": 1,
        "languages": ["en", "ar", "ro", "pa"],
        "districts": ["MB2"],
        "menu": "estate",
    },
    {
        "slug": "st-marks",
        "name": "St Mark's",
        "kind": "neighbourhood",
        "households": 2150,
        "deprivation_decile": 5,
        "languages": ["en", "pl", "ro"],
        "districts": ["MB1", "MB2"],
        "menu": "estate",
    },
    {
        "slug": "little-hadley",
        "name": "Little Hadley",
        "kind": "village",
        "households": 410,
        "deprivation_decile": 8,
        "languages": ["en", "cy"],
        "districts": ["MB12"],
        "menu": "village",
    },
]

DEMO_USERS = [
    {
        "email": "admin@millbrook.example",
        "name": "Alex Admin",
        "role": Role.ADMIN,
        "password": "demo-admin-password",
        "council": True,
    },
    {
        "email": "officer@millbrook.example",
        "name": "Olu Officer",
        "role": Role.OFFICER,
        "password": "demo-officer-password",
        "council": True,
    },
    {
        "email": "finance@millbrook.example",
        "name": "Fran Finance",
        "role": Role.FINANCE_APPROVER,
        "password": "demo-finance-password",
        "council": True,
    },
    {
        "email": "lead@ashworth.example",
        "name": "Grace Group-Lead",
        "role": Role.GROUP_MEMBER,
        "password": "demo-group-password",
        "council": False,
    },
    {
        "email": "resident@ashworth.example",
        "name": "Rafi Resident",
        "role": Role.RESIDENT,
        "password": "demo-resident-password",
        "council": False,
    },
]


def _council(session: Session) -> Council:
    council = session.exec(select(Council).where(Council.slug == COUNCIL["slug"])).first()
    if council is None:
        council = Council(**COUNCIL)
        session.add(council)
        session.flush()
    return council


def _area(session: Session, council: Council, spec: dict) -> None:
    menu = session.exec(
        select(Menu).where(Menu.council_id == council.id, Menu.key == spec["menu"])
    ).first()
    area = session.exec(select(Area).where(Area.slug == spec["slug"])).first()
    fields = {k: v for k, v in spec.items() if k not in ("districts", "menu")}
    if area is None:
        area = Area(council_id=council.id, **fields)
        session.add(area)
    else:
        for key, value in fields.items():
            setattr(area, key, value)
    area.menu_id = menu.id if menu else None
    session.flush()
    existing = {
        row.district: row
        for row in session.exec(
            select(AreaPostcodeDistrict).where(AreaPostcodeDistrict.area_id == area.id)
        )
    }
    for district, row in existing.items():
        if district not in spec["districts"]:
            session.delete(row)
    for district in set(spec["districts"]) - set(existing):
        session.add(AreaPostcodeDistrict(area_id=area.id, district=district))


def _users(session: Session, council: Council) -> None:
    for spec in DEMO_USERS:
        if session.exec(select(User).where(User.email == spec["email"])).first():
            continue
        create_user(
            session=session,
            email=spec["email"],
            name=spec["name"],
            password=spec["password"],
            role=spec["role"],
            council_id=council.id if spec["council"] else None,
        )


def load_demo() -> list[str]:
    """Create or update the demo data; running it twice changes nothing."""
    db = get_db()
    with db.session_scope() as session:
        _council(session)
    lines = load_menus(tuple(sorted(MENUS_DIR.glob("*.toml"))))
    with db.session_scope() as session:
        council = _council(session)
        for spec in AREAS:
            _area(session, council, spec)
        _users(session, council)
    with db.session_scope() as session:
        codes = load_voting_demo(session)
    with db.session_scope() as session:
        load_groups_demo(session)
    with db.session_scope() as session:
        load_ledger_demo(session)
    lines.append(f"{COUNCIL['name']}: {len(AREAS)} areas, {len(DEMO_USERS)} demo accounts")
    lines.append("Ashworth Estate has a vote open; Canal Side's vote has closed with results.")
    lines.append(
        "Canal Side TRA has a claim waiting for review, its evidence uploaded; "
        "lead@ashworth.example leads it and Little Hadley Parish Council."
    )
    lines.append(
        "Little Hadley Parish Council runs verge cutting: two instalments paid, rebates posted."
    )
    lines.append("Demo ballot codes for Ashworth Estate (/areas/ashworth-estate/vote):")
    lines.extend(f"  {code}" for code in codes)
    return lines
