"""Factories: each creates real rows through the services and returns them."""

from itertools import count

from sqlmodel import Session

from webapp.areas.menu_files import parse_menu
from webapp.areas.menus import publish_menu
from webapp.areas.models import Area, AreaPostcodeDistrict, Council, MenuVersion
from webapp.auth.models import Role, User
from webapp.auth.services import create_user as create_user_account

_sequence = count(1)

MENU_TOML = """
[menu]
key = "{key}"
council = "{council}"
name = {{ en = "Test estate menu", cy = "Bwydlen prawf" }}
description = {{ en = "Services the council offers." }}

[[ladder]]
key = "consult"
rank = 1
name = {{ en = "Consult" }}
description = {{ en = "The council asks residents." }}

[[ladder]]
key = "delegate"
rank = 4
name = {{ en = "Delegate", cy = "Rhedeg o ddydd i ddydd" }}
description = {{ en = "A group runs it day to day." }}

[[ladder]]
key = "control"
rank = 5
name = {{ en = "Control" }}
description = {{ en = "A group is fully in charge." }}

[uplift]
1 = 0.3
2 = 0.25
3 = 0.2
4 = 0.15
5 = 0.1
6 = 0.05
7 = 0.0
8 = 0.0
9 = 0.0
10 = 0.0

[conditions.insurance]
name = {{ en = "Public liability insurance", pl = "Ubezpieczenie OC", ar = "تأمين المسؤولية المدنية" }}

[[functions]]
key = "grass-cutting"
name = {{ en = "Grass cutting", cy = "Torri gwair" }}
description = {{ en = "Mowing the lawns." }}
cost_per_household_pence = {cost}
charge = {{ en = "Service charge" }}

  [[functions.options]]
  level = "consult"
  budget_share = 0
  rebate_per_household_pence = 0
  does = {{ en = "Residents are asked about mowing dates." }}

  [[functions.options]]
  level = "delegate"
  budget_share = 0.5
  rebate_per_household_pence = 150
  does = {{ en = "A group organises the mowing." }}
  conditions = ["insurance"]
  report_every_months = 3

  [[functions.options]]
  level = "control"
  budget_share = 1
  rebate_per_household_pence = 300
  does = {{ en = "A group hires its own contractor." }}
  conditions = ["insurance"]

[[functions]]
key = "caretaking"
name = {{ en = "Caretaking" }}
description = {{ en = "Keeping shared spaces clean." }}
cost_per_household_pence = 18000
charge = {{ en = "Service charge" }}

  [[functions.options]]
  level = "consult"
  budget_share = 0
  rebate_per_household_pence = 0
  does = {{ en = "Residents report problems." }}
"""


def menu_toml(*, key: str = "estate", council: str = "testshire", cost: int = 2400) -> str:
    return MENU_TOML.format(key=key, council=council, cost=cost)


def create_council(session: Session, **fields) -> Council:
    n = next(_sequence)
    council = Council(**{"slug": f"council-{n}", "name": f"Council {n}", **fields})
    session.add(council)
    session.flush()
    return council


def create_menu(session: Session, council: Council, **options) -> MenuVersion:
    text = menu_toml(council=council.slug, **options)
    definition = parse_menu(text, "test.toml")
    return publish_menu(session=session, definition=definition).version


def create_area(
    session: Session,
    *,
    council: Council | None = None,
    menu: MenuVersion | None = None,
    districts: tuple[str, ...] = (),
    **fields,
) -> Area:
    n = next(_sequence)
    council = council or create_council(session)
    values = {
        "slug": f"area-{n}",
        "name": f"Area {n}",
        "kind": "estate",
        "households": 1000,
        "deprivation_decile": 5,
        "languages": ["en"],
        **fields,
    }
    area = Area(council_id=council.id, menu_id=menu.menu_id if menu else None, **values)
    session.add(area)
    session.flush()
    for district in districts:
        session.add(AreaPostcodeDistrict(area_id=area.id, district=district))
    session.flush()
    return area


def create_user(
    session: Session,
    *,
    role: Role = Role.RESIDENT,
    council: Council | None = None,
    password: str = "correct horse battery",
    **fields,
) -> User:
    n = next(_sequence)
    if council is None and role in (Role.OFFICER, Role.FINANCE_APPROVER, Role.ADMIN):
        council = create_council(session)
    return create_user_account(
        session=session,
        email=fields.pop("email", f"user{n}@example.org"),
        name=fields.pop("name", f"User {n}"),
        password=password,
        role=role,
        council_id=council.id if council else None,
    )


def create_household(session: Session, *, area: Area, eligible_voters: int = 1, **fields):
    from webapp.voting.models import Household

    n = next(_sequence)
    household = Household(
        area_id=area.id,
        uprn=fields.pop("uprn", str(900_000_000 + n)),
        address=fields.pop("address", f"{n} Test Street"),
        postcode=fields.pop("postcode", "MB4 1AA"),
        eligible_voters=eligible_voters,
        **fields,
    )
    session.add(household)
    session.flush()
    return household


def create_round(
    session: Session,
    *,
    area: Area | None = None,
    opens_in=None,
    closes_in=None,
    quorum_percent: int = 0,
    voters: int = 3,
):
    """A round on a menu (open now unless told), with `voters` one-person households
    and their codes; returns (round, area, plain codes)."""
    from datetime import timedelta

    from webapp.db import utcnow
    from webapp.voting.letters import issue_codes
    from webapp.voting.models import VotingRound

    if area is None:
        council = create_council(session)
        area = create_area(session, council=council, menu=create_menu(session, council))
    now = utcnow()
    opens = now + (opens_in if opens_in is not None else timedelta(hours=-1))
    closes = now + (closes_in if closes_in is not None else timedelta(days=7))
    from webapp.areas.menus import latest_version

    voting_round = VotingRound(
        area_id=area.id,
        menu_version_id=latest_version(session, area.menu_id).id,
        opens_at=opens,
        closes_at=closes,
        quorum_percent=quorum_percent,
    )
    session.add(voting_round)
    session.flush()
    for _ in range(voters):
        create_household(session, area=area)
    issued = issue_codes(session=session, voting_round=voting_round)
    return voting_round, area, [item.printed for item in issued]


def create_officer(session: Session, area: Area, role: Role = Role.OFFICER) -> User:
    """Council staff of the council that runs `area`."""
    return create_user(session, role=role, council=session.get(Council, area.council_id))


def create_group(
    session: Session, *, council: Council | None = None, lead: User | None = None, **fields
):
    from webapp.groups.models import GroupKind
    from webapp.groups.services import register_group

    council = council or create_council(session)
    lead = lead or create_user(session)
    return register_group(
        session=session,
        council_id=council.id,
        name=fields.pop("name", f"Group {next(_sequence)}"),
        kind=fields.pop("kind", GroupKind.RESIDENTS_ASSOCIATION),
        contact_email=fields.pop("contact_email", "group@example.org"),
        lead=lead,
        **fields,
    )


def add_member(session: Session, group, role="member", user: User | None = None) -> User:
    from webapp.groups.models import Membership

    user = user or create_user(session)
    session.add(Membership(group_id=group.id, user_id=user.id, role=role))
    session.flush()
    return user
