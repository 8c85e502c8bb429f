import io

import pytest
from sqlmodel import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.factories import create_area, create_council, create_user
from tests.support import reason_in
from webapp.areas.models import Council
from webapp.audit.models import AuditEvent
from webapp.auth.models import Role
from webapp.voting import register
from webapp.voting.models import Household
from webapp.voting.register import RegisterInvalid, import_register, parse_register

HEADER = "UPRN,Address,Postcode,Area,Eligible voters,Language\n"


def csv_bytes(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode()


@pytest.fixture
def area(db_session):
    return create_area(db_session, slug="ashworth-estate", name="Ashworth Estate")


def households(session, area) -> int:
    return session.exec(
        select(func.count()).select_from(Household).where(Household.area_id == area.id)
    ).one()


def test_a_valid_register_imports(db_session, area):
    rows = parse_register(
        csv_bytes(
            "100012345678,1 Beech Walk,mb4 7qx,ashworth-estate,2,pl",
            '100012345679,"Flat 2, Dale Court",MB47QX,Ashworth Estate,1,',
        ),
        area,
    )
    assert [(r.uprn, r.postcode, r.eligible_voters, r.language) for r in rows] == [
        ("100012345678", "MB4 7QX", 2, "pl"),
        ("100012345679", "MB4 7QX", 1, None),
    ]
    result = import_register(session=db_session, area=area, rows=rows)
    assert (result.created, result.updated) == (2, 0)
    assert households(db_session, area) == 2


def test_every_bad_line_is_reported_with_its_number(area):
    with pytest.raises(RegisterInvalid) as info:
        parse_register(
            csv_bytes(
                "100012345678,1 Beech Walk,MB4 7QX,ashworth-estate,2,",
                "12AB,2 Beech Walk,MB4 7QX,ashworth-estate,2,",
                "100012345680,3 Beech Walk,NOT A POSTCODE,ashworth-estate,2,",
                "100012345681,4 Beech Walk,MB4 7QX,canal-side,2,",
                "100012345682,5 Beech Walk,MB4 7QX,ashworth-estate,-1,",
                "100012345678,6 Beech Walk,MB4 7QX,ashworth-estate,1,",
                "100012345683,,MB4 7QX,ashworth-estate,1,",
                "100012345684,7 Beech Walk,MB4 7QX,ashworth-estate,1,xx",
                "100012345685,8 Beech Walk,MB4 7QX,ashworth-estate,²,",
            ),
            area,
        )
    messages = [str(e) for e in info.value.errors]
    assert [e.line for e in info.value.errors] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "UPRN '12AB' must be 1 to 12 digits" in messages[0]
    assert "is not a UK postcode" in messages[1]
    assert "the area 'canal-side' is not Ashworth Estate" in messages[2]
    assert "eligible voters must be a whole number" in messages[3]
    assert "UPRN 100012345678 is also on line 2" in messages[4]
    assert "address" in messages[5]
    assert "unknown language 'xx'" in messages[6]
    assert "eligible voters must be a whole number" in messages[7]  # "²" is no number here
    assert all(
        m.startswith(f"Line {e.line}: ") for m, e in zip(messages, info.value.errors, strict=True)
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"UPRN,Address\n1,x\n", "missing columns: postcode, area, eligible_voters"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (HEADER.encode(), "no households"),
    ],
)
def test_unusable_files_are_refused(area, data, message):
    with pytest.raises(RegisterInvalid) as info:
        parse_register(data, area)
    assert message in str(info.value.errors[0])


def test_reimport_updates_by_uprn_without_duplicates(db_session, area):
    first = parse_register(csv_bytes("100012345678,1 Beech Walk,MB4 7QX,ashworth-estate,2,"), area)
    import_register(session=db_session, area=area, rows=first)
    second = parse_register(
        csv_bytes(
            "100012345678,1 Beech Walk,MB4 7QX,ashworth-estate,3,cy",
            "100012345679,2 Beech Walk,MB4 7QX,ashworth-estate,1,",
        ),
        area,
    )
    result = import_register(session=db_session, area=area, rows=second)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert households(db_session, area) == 2
    household = db_session.exec(select(Household).where(Household.uprn == "100012345678")).one()
    assert (household.eligible_voters, household.language) == (3, "cy")


def test_a_uprn_of_another_area_is_refused_and_nothing_changes(db_session, area):
    council = db_session.get(Council, area.council_id)
    other = create_area(db_session, council=council, slug="canal-side", name="Canal Side")
    import_register(
        session=db_session,
        area=other,
        rows=parse_register(
            b"UPRN,Address,Postcode,Area,Eligible voters\n100012345678,1 Canal St,MB2 1AA,canal-side,1\n",
            other,
        ),
    )
    rows = parse_register(
        csv_bytes(
            "100012345679,2 Beech Walk,MB4 7QX,ashworth-estate,1,",
            "100012345678,1 Beech Walk,MB4 7QX,ashworth-estate,2,",
        ),
        area,
    )
    with pytest.raises(RegisterInvalid) as info:
        import_register(session=db_session, area=area, rows=rows)
    assert info.value.errors[0].line == 3
    assert households(db_session, area) == 0


def test_another_councils_register_may_hold_the_same_uprn(db_session, area):
    """A district and a parish council may both register a household: neither sees,
    changes nor is told about the other's entry."""
    parish = create_area(db_session, slug="little-hadley", name="Little Hadley")
    assert parish.council_id != area.council_id
    line = "100012345678,{address},MB4 7QX,{slug},{voters},"
    for place, address, voters in ((area, "1 Beech Walk", 2), (parish, "Beech Cottage", 3)):
        rows = parse_register(
            csv_bytes(line.format(address=address, slug=place.slug, voters=voters)), place
        )
        assert import_register(session=db_session, area=place, rows=rows).created == 1
    entries = db_session.exec(
        select(Household.area_id, Household.address, Household.eligible_voters).where(
            Household.uprn == "100012345678"
        )
    ).all()
    assert sorted(entries) == sorted(
        [(area.id, "1 Beech Walk", 2), (parish.id, "Beech Cottage", 3)]
    )


def test_cli_import_reports_lines_and_exits_1(app, runner, db_session, area, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes("bad,1 Beech Walk,MB4 7QX,ashworth-estate,2,"))
    result = runner.invoke(args=["register", "import", str(path), "--area", "ashworth-estate"])
    assert result.exit_code == 1
    assert "Line 2: UPRN 'bad' must be 1 to 12 digits" in result.output
    path.write_bytes(csv_bytes("100012345678,1 Beech Walk,MB4 7QX,ashworth-estate,2,"))
    result = runner.invoke(args=["register", "import", str(path), "--area", "ashworth-estate"])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output
    assert households(db_session, area) == 1
    imported = db_session.exec(select(AuditEvent).where(AuditEvent.object_id == area.id)).all()
    assert [(e.action, e.actor_id, reason_in(app, e)) for e in imported] == [
        (
            "register_imported",
            None,
            "register.csv, from the command line: 1 household added, 0 households updated",
        )
    ]


def upload(client, slug, data: bytes):
    import io

    return client.post(
        f"/officer/areas/{slug}/register",
        data={"file": (io.BytesIO(data), "register.csv")},
        content_type="multipart/form-data",
    )


def test_officer_uploads_a_register(client, auth, db_session):
    council = create_council(db_session)
    area = create_area(db_session, council=council, slug="hill-top", name="Hill Top")
    officer = create_user(db_session, role=Role.OFFICER, council=council)
    auth.login(officer.email)
    bad = upload(client, "hill-top", csv_bytes("1,1 Hill,MB4 7QX,hill-top,99,"))
    assert bad.status_code == 422
    assert "Line 2: eligible voters must be a whole number from 0 to 50" in bad.get_data(
        as_text=True
    )
    assert households(db_session, area) == 0
    good = upload(client, "hill-top", csv_bytes("1,1 Hill,MB4 7QX,hill-top,2,"))
    assert good.status_code == 302
    assert households(db_session, area) == 1


@pytest.mark.parametrize(("role", "status"), [(Role.RESIDENT, 403), (Role.GROUP_MEMBER, 403)])
def test_register_upload_is_for_officers_only(client, auth, db_session, role, status):
    create_area(db_session, slug="hill-top")
    auth.login(create_user(db_session, role=role).email)
    assert client.get("/officer/areas/hill-top/register").status_code == status


def test_another_councils_officer_gets_404(client, auth, db_session):
    create_area(db_session, slug="hill-top")
    auth.login(create_user(db_session, role=Role.OFFICER).email)  # of a new, other council
    assert client.get("/officer/areas/hill-top/register").status_code == 404
    assert upload(client, "hill-top", csv_bytes("1,1 Hill,MB4 7QX,hill-top,2,")).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, db_session):
    create_area(db_session, slug="hill-top")
    response = client.get("/officer/areas/hill-top/register")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_malformed_line_is_reported_with_its_own_number(app, area):
    good = "100012345678,1 Beech Walk,MB4 7QX,ashworth-estate,2,"
    huge = "100012345679," + "a" * 200_000 + ",MB4 7QX,ashworth-estate,1,"
    with app.test_request_context(), pytest.raises(RegisterInvalid) as info:
        parse_register(csv_bytes(good, huge), area)
    assert [e.line for e in info.value.errors] == [3]
    assert "the CSV is malformed" in str(info.value.errors[0])


def test_bad_lines_do_not_count_towards_the_row_limit(app, area, monkeypatch):
    monkeypatch.setattr(register, "MAX_ROWS", 5)
    bad = [f"{n},,BAD,ashworth-estate,x," for n in range(1, 6)]
    with app.test_request_context(), pytest.raises(RegisterInvalid) as info:
        parse_register(csv_bytes(*bad), area)
    assert not any("more than" in str(e) for e in info.value.errors)
    assert info.value.errors[-1].line == 6  # every line checked
    with app.test_request_context(), pytest.raises(RegisterInvalid) as info:
        parse_register(csv_bytes(*bad, "6,,BAD,ashworth-estate,x,"), area)
    assert "the file has more than 5 rows" in str(info.value.errors[-1])


def test_a_register_over_the_size_limit_gets_a_page_that_says_so(
    app, client, auth, db_session, monkeypatch
):
    council = create_council(db_session)
    area = create_area(db_session, council=council, slug="big-estate")
    auth.login(create_user(db_session, role=Role.OFFICER, council=council).email)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    body = csv_bytes(*["1,a,MB4 7QX,big-estate,1,"] * 60_000)
    # Encoded in memory: the test client would spool it to a file the app never reads.
    upload_file = FileStorage(io.BytesIO(body), filename="register.csv", content_type="text/csv")
    boundary, data = encode_multipart({"file": upload_file})
    response = client.post(
        f"/officer/areas/{area.slug}/register",
        data=data,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "That file is too large: the limit is 1 MB." in page
    assert '<html lang="en-GB"' in page  # the site's page, not the server's bare one
    assert households(db_session, area) == 0


def test_control_characters_never_reach_the_register(app, area):
    line = "100012345678,1 Beech\x1b[31m Walk\x07,MB4 7QX,ashworth-estate,2,"
    with app.test_request_context():
        (row,) = parse_register(csv_bytes(line), area)
    assert row.address == "1 Beech[31m Walk"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_register_saved_with_semicolons_or_tabs_is_read(app, area, delimiter):
    lines = [HEADER.strip(), "100012345678,1 Beech Walk,MB4 7QX,ashworth-estate,2,cy"]
    data = "".join(line.replace(",", delimiter) + "\n" for line in lines).encode()
    with app.test_request_context():
        (row,) = parse_register(data, area)
    assert (row.uprn, row.address, row.eligible_voters, row.language) == (
        "100012345678",
        "1 Beech Walk",
        2,
        "cy",
    )


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n"])
def test_an_empty_file_is_called_empty(app, area, data):
    with app.test_request_context(), pytest.raises(RegisterInvalid) as info:
        parse_register(data, area)
    assert [str(e) for e in info.value.errors] == ["Line 1: the file has no households"]


def test_a_header_line_that_is_not_csv_is_reported_not_a_crash(app, area):
    data = ("x" * 200_000 + "\n").encode()
    with app.test_request_context(), pytest.raises(RegisterInvalid) as info:
        parse_register(data, area)
    assert [e.line for e in info.value.errors] == [1]
    assert "the CSV is malformed" in str(info.value.errors[0])


def test_the_uploaded_files_name_reaches_the_history_without_control_characters(
    app, client, auth, db_session
):
    council = create_council(db_session)
    area = create_area(db_session, council=council, slug="ashworth-estate")
    auth.login(create_user(db_session, role=Role.OFFICER, council=council).email)
    line = "100012345678,1 Beech Walk,MB4 7QX,ashworth-estate,2,"
    response = client.post(
        f"/officer/areas/{area.slug}/register",
        data={"file": (io.BytesIO(csv_bytes(line)), "reg\x00ister\x1b.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    imports = select(AuditEvent).where(
        AuditEvent.object_type == "area", AuditEvent.action == "register_imported"
    )
    assert [reason_in(app, e) for e in db_session.exec(imports)] == [
        "register.csv: 1 household added, 0 households updated"
    ]
