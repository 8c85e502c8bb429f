from sqlmodel import func, select

from webapp.areas.models import Area, AreaPostcodeDistrict, Council, MenuVersion
from webapp.auth.models import User
from webapp.claims.models import Claim, ClaimState, Evidence
from webapp.claims.queries import claim_option

COUNTED = (Council, Area, AreaPostcodeDistrict, MenuVersion, User)


def counts(session) -> dict:
    return {
        model.__name__: session.exec(select(func.count()).select_from(model)).one()
        for model in COUNTED
    }


def test_demo_load_is_idempotent(runner, db_session):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "officer@millbrook.example" in first.output
    after_first = counts(db_session)
    assert after_first["Area"] >= 3 and after_first["MenuVersion"] >= 2
    district_ids = set(db_session.exec(select(AreaPostcodeDistrict.id)))

    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    assert "unchanged" in second.output
    assert counts(db_session) == after_first
    assert set(db_session.exec(select(AreaPostcodeDistrict.id))) == district_ids


def test_demo_areas_cover_estates_and_a_village(runner, db_session):
    runner.invoke(args=["demo", "load"])
    kinds = set(db_session.exec(select(Area.kind)))
    assert {"estate", "village"} <= kinds
    assert all(a.menu_id for a in db_session.exec(select(Area)))


def test_the_demo_menus_read_in_the_residents_languages(runner, client, db_session):
    runner.invoke(args=["demo", "load"])
    welsh = client.get("/areas/ashworth-estate?lang=cy").get_data(as_text=True)
    assert "Torri gwair a chynnal tiroedd" in welsh
    arabic = client.get("/areas/ashworth-estate?lang=ar").get_data(as_text=True)
    assert "قصّ العشب والعناية بالمساحات الخضراء" in arabic and 'dir="rtl"' in arabic


def test_the_waiting_demo_claim_has_evidence_for_every_condition(runner, db_session):
    """An officer trying the demo can check each condition off and decide the claim."""
    runner.invoke(args=["demo", "load"])
    claim = db_session.exec(select(Claim).where(Claim.state == ClaimState.SUBMITTED)).one()
    conditions = set(claim_option(db_session, claim).conditions)
    evidenced = set(
        db_session.exec(select(Evidence.condition_key).where(Evidence.claim_id == claim.id))
    )
    assert conditions and evidenced == conditions
