from pathlib import Path

import pytest

from tests.factories import menu_toml
from webapp.areas.menu_files import MenuFileError, parse_menu, read_menu_file

MENUS = sorted((Path(__file__).resolve().parents[2] / "menus").glob("*.toml"))


def errors_for(text: str) -> list[str]:
    with pytest.raises(MenuFileError) as info:
        parse_menu(text, "menus/broken.toml")
    return info.value.errors


def test_the_test_menu_is_valid():
    definition = parse_menu(menu_toml(), "test.toml")
    assert [f.key for f in definition.functions] == ["grass-cutting", "caretaking"]
    delegate = definition.functions[0].options[1]
    assert (delegate.level, delegate.budget_share_bp, delegate.conditions) == (
        "delegate",
        5000,
        ["insurance"],
    )
    assert definition.uplift_bp[:3] == [3000, 2500, 2000]


@pytest.mark.parametrize("path", MENUS, ids=lambda p: p.name)
def test_shipped_menus_are_valid_and_complete(path):
    definition = read_menu_file(path)
    assert len(definition.functions) >= 8
    assert [level.key for level in definition.levels] == [
        "consult",
        "involve",
        "collaborate",
        "delegate",
        "control",
    ]
    for function in definition.functions:
        assert function.cost_per_household_pence > 0
        assert {o.level for o in function.options} == {lv.key for lv in definition.levels}


def test_shipped_menus_cover_an_estate_and_a_village():
    assert {read_menu_file(p).key for p in MENUS} >= {"estate", "village"}


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        (
            'level = "delegate"',
            'level = "run-it"',
            "functions[0].options[1].level",
            "unknown level",
        ),
        (
            "budget_share = 0.5",
            "budget_share = 1.5",
            "functions[0].options[1].budget_share",
            "between 0 and 1",
        ),
        (
            "budget_share = 0.5",
            "budget_share = -0.1",
            "functions[0].options[1].budget_share",
            "between 0 and 1",
        ),
        (
            "budget_share = 0.5",
            "budget_share = 0.12345",
            "functions[0].options[1].budget_share",
            "four decimal places",
        ),
        (
            "cost_per_household_pence = 2400",
            "cost_per_household_pence = -5",
            "functions[0].cost_per_household_pence",
            "must not be negative",
        ),
        (
            "rebate_per_household_pence = 150",
            "rebate_per_household_pence = 1.5",
            "functions[0].options[1].rebate_per_household_pence",
            "whole number of pence",
        ),
        (
            'name = { en = "Grass cutting", cy = "Torri gwair" }',
            'name = { cy = "Torri gwair" }',
            "functions[0].name",
            "missing English text",
        ),
        ("rank = 4", "rank = 7", "ladder[2].rank", "strictly increasing"),
        ('key = "caretaking"', 'key = "grass-cutting"', "functions[1].key", "duplicate function"),
        (
            'conditions = ["insurance"]\n  report_every_months = 3',
            'conditions = ["insurence"]\n  report_every_months = 3',
            "functions[0].options[1].conditions[0]",
            "unknown condition",
        ),
        ("10 = 0.0", "", "uplift.10", "is required"),
        (
            'charge = { en = "Service charge" }\n\n  [[functions.options]]\n  level = "consult"\n'
            '  budget_share = 0\n  rebate_per_household_pence = 0\n  does = { en = "Residents are '
            'asked about mowing dates." }',
            'charge = { en = "Service charge" }\n\n  [[functions.options]]\n  level = "consult"\n'
            '  budget_share = 0\n  rebate_per_household_pence = 0\n  colour = "green"\n  does = '
            '{ en = "Residents are asked about mowing dates." }',
            "functions[0].options[0].colour",
            "unknown key",
        ),
        (
            'name = { en = "Test estate menu", cy = "Bwydlen prawf" }',
            'name = { en = "Test estate menu", xx = "?" }',
            "menu.name.xx",
            "unknown language",
        ),
    ],
)
def test_each_problem_is_named_with_file_and_key_path(old, new, path, message):
    text = menu_toml()
    assert old in text
    errors = errors_for(text.replace(old, new, 1))
    assert any(e.startswith(f"menus/broken.toml: {path}: ") and message in e for e in errors), (
        errors
    )


def test_duplicate_keys_are_reported_with_their_line():
    text = menu_toml().replace("rank = 1\n", "rank = 1\nrank = 2\n", 1)
    line = text.splitlines().index("rank = 2") + 1
    [error] = errors_for(text)
    assert error.startswith(f"menus/broken.toml: line {line}, column ")
    assert "given twice" in error


def test_every_problem_is_reported_at_once():
    text = (
        menu_toml()
        .replace("budget_share = 0.5", "budget_share = 2")
        .replace("cost_per_household_pence = 18000", "cost_per_household_pence = -1")
    )
    assert len(errors_for(text)) == 2


def test_layout_does_not_change_the_content_hash():
    text = menu_toml()
    assert (
        parse_menu(text, "a.toml").content_hash()
        == parse_menu("# a comment\n" + text.replace(" = ", "   =   "), "b.toml").content_hash()
    )
    assert (
        parse_menu(text, "a.toml").content_hash()
        != parse_menu(menu_toml(cost=2500), "a.toml").content_hash()
    )


@pytest.mark.parametrize("path", MENUS, ids=lambda p: p.name)
def test_shipped_menus_are_translated_into_every_language(path):
    from webapp.areas.menu_translations import missing_translations

    assert missing_translations(read_menu_file(path)) == []


def test_a_translation_with_a_wrong_key_is_refused(tmp_path):
    menu = tmp_path / "estate.toml"
    menu.write_text(menu_toml())
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "estate.cy.toml").write_text(
        '[functions.grass-cuting]\nname = "Torri gwair"\n[menu]\nname = ""\n'
    )
    with pytest.raises(MenuFileError) as info:
        read_menu_file(menu)
    errors = "\n".join(info.value.errors)
    assert "functions.grass-cuting.name: not in the menu" in errors
    assert "menu.name: must be non-empty text" in errors


def test_translations_are_merged(tmp_path):
    menu = tmp_path / "estate.toml"
    menu.write_text(menu_toml())
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "estate.pl.toml").write_text(
        '[functions.grass-cutting.options.delegate]\ndoes = "Grupa organizuje koszenie."\n'
    )
    definition = read_menu_file(menu)
    assert definition.functions[0].options[1].does["pl"] == "Grupa organizuje koszenie."


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("1 = 0.3", "1 = nan", "uplift.1"),
        ("1 = 0.3", "1 = inf", "uplift.1"),
        ("1 = 0.3", "1 = -inf", "uplift.1"),
        ("budget_share = 0.5", "budget_share = nan", "functions[0].options[1].budget_share"),
        ("budget_share = 0.5", "budget_share = inf", "functions[0].options[1].budget_share"),
    ],
)
def test_nan_and_inf_are_reported_as_errors_not_a_crash(old, new, path):
    errors = errors_for(menu_toml().replace(old, new, 1))
    assert any(e.startswith(f"menus/broken.toml: {path}: must be a finite number") for e in errors)


def test_an_uplift_above_one_is_refused_and_one_is_the_most():
    for typo in ("1e30", "1.5", "2"):
        errors = errors_for(menu_toml().replace("1 = 0.3", f"1 = {typo}", 1))
        assert any(
            e.startswith("menus/broken.toml: uplift.1: must be between 0 and 1") for e in errors
        )
    definition = parse_menu(menu_toml().replace("1 = 0.3", "1 = 1", 1), "test.toml")
    assert definition.uplift_bp[0] == 10_000


def test_pence_above_ten_thousand_pounds_a_household_are_refused():
    text = menu_toml(cost=2_147_483_648).replace(
        "rebate_per_household_pence = 150", "rebate_per_household_pence = 1000001", 1
    )
    errors = errors_for(text)
    for path in (
        "functions[0].cost_per_household_pence",
        "functions[0].options[1].rebate_per_household_pence",
    ):
        assert any(
            e.startswith(f"menus/broken.toml: {path}: must be at most 1000000 pence")
            for e in errors
        )
    definition = parse_menu(menu_toml(cost=1_000_000), "test.toml")
    assert definition.functions[0].cost_per_household_pence == 1_000_000
