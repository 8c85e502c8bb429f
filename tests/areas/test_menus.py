from sqlmodel import func, select

from tests.factories import create_council, menu_toml
from webapp.areas.models import MenuFunction, MenuVersion


def count_versions(session) -> int:
    return session.exec(select(func.count()).select_from(MenuVersion)).one()


def test_validate_reports_ok(runner, db_session, tmp_path):
    path = tmp_path / "estate.toml"
    path.write_text(menu_toml())
    result = runner.invoke(args=["menus", "validate", str(path)])
    assert result.exit_code == 0
    assert "estate.toml: ok (2 functions)" in result.output


def test_validate_fails_with_every_error(runner, db_session, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(menu_toml().replace("budget_share = 0.5", "budget_share = 5"))
    result = runner.invoke(args=["menus", "validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}: functions[0].options[1].budget_share: must be between 0 and 1" in (
        result.output
    )


def test_load_is_idempotent_and_a_change_is_a_new_version(runner, db_session, tmp_path):
    council = create_council(db_session)
    path = tmp_path / "estate.toml"
    path.write_text(menu_toml(council=council.slug))
    first = runner.invoke(args=["menus", "load", str(path)])
    assert first.exit_code == 0, first.output
    assert "version 1 published" in first.output
    again = runner.invoke(args=["menus", "load", str(path)])
    assert "version 1 unchanged" in again.output
    assert count_versions(db_session) == 1

    path.write_text(menu_toml(council=council.slug, cost=2600))
    changed = runner.invoke(args=["menus", "load", str(path)])
    assert "version 2 published" in changed.output
    costs = db_session.exec(
        select(MenuVersion.version, MenuFunction.cost_per_household_pence)
        .join(MenuFunction, MenuFunction.menu_version_id == MenuVersion.id)
        .where(MenuFunction.key == "grass-cutting")
        .order_by(MenuVersion.version)
    ).all()
    assert costs == [(1, 2400), (2, 2600)]


def test_an_invalid_file_loads_nothing_even_beside_a_valid_one(runner, db_session, tmp_path):
    council = create_council(db_session)
    good = tmp_path / "good.toml"
    good.write_text(menu_toml(council=council.slug))
    bad = tmp_path / "bad.toml"
    bad.write_text(menu_toml(key="other", council=council.slug).replace('"consult"', '"ask"', 1))
    result = runner.invoke(args=["menus", "load", str(good), str(bad)])
    assert result.exit_code == 1
    assert "bad.toml: ladder[0].key: unknown level 'ask'" in result.output
    assert count_versions(db_session) == 0


def test_load_refuses_an_unknown_council(runner, db_session, tmp_path):
    path = tmp_path / "estate.toml"
    path.write_text(menu_toml(council="nowhere"))
    result = runner.invoke(args=["menus", "load", str(path)])
    assert result.exit_code == 1
    assert "There is no council with that slug. (nowhere)" in result.output
    assert count_versions(db_session) == 0


def test_two_files_of_the_same_menu_in_one_load_are_refused(runner, db_session, tmp_path):
    council = create_council(db_session)
    estate = tmp_path / "estate.toml"
    village = tmp_path / "village.toml"  # copied from estate.toml, key left unchanged
    estate.write_text(menu_toml(council=council.slug, cost=2400))
    village.write_text(menu_toml(council=council.slug, cost=900))
    for command in ("validate", "load"):
        result = runner.invoke(args=["menus", command, str(estate), str(village)])
        assert result.exit_code == 1, result.output
        assert f"{village}: menu.key: {council.slug}/estate is also the menu of {estate}" in (
            result.output
        )
    assert count_versions(db_session) == 0
