"""Every catalogue complete and current; every language served with its direction."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["cy", "pl", "ro", "pa", "ur", "ar", "bn", "so"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdr]")


def catalogue(language: str):
    with open(ROOT / f"translations/{language}/LC_MESSAGES/messages.po", "rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_keeps_placeholders(language):
    problems = []
    for message in catalogue(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {ids[0]!r}")
            continue
        allowed = set().union(*(PLACEHOLDER.findall(i) for i in ids))
        for text in strings:
            if not set(PLACEHOLDER.findall(text)) <= allowed:
                problems.append(f"unknown placeholder in {ids[0]!r}")
        if len(ids) == 1 and set(PLACEHOLDER.findall(strings[0])) != allowed:
            problems.append(f"placeholder lost in {ids[0]!r}")
    assert problems == []


def test_template_is_up_to_date(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(  # noqa: S603 - our own command line
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(ROOT / "translations/babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "-o",
            str(fresh),
            str(ROOT / "webapp"),
        ],
        check=True,
        capture_output=True,
    )
    with open(fresh, "rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    for language in LANGUAGES:
        have = {m.id for m in catalogue(language) if m.id}
        missing = wanted - have
        # Sorted as text: a plural message's id is a (singular, plural) tuple.
        assert not missing, (
            f"{language} lacks {sorted(missing, key=str)[:5]}: run flask translate update"
        )


@pytest.mark.parametrize(
    ("language", "direction", "text"),
    [
        ("cy", "ltr", None),
        ("ar", "rtl", None),
        ("ur", "rtl", None),
        ("pl", "ltr", None),
    ],
)
def test_pages_are_served_in_the_language_and_direction(client, language, direction, text):
    page = client.get(f"/?lang={language}").get_data(as_text=True)
    assert f'lang="{language}' in page and f'dir="{direction}"' in page
    english = "Find your estate, neighbourhood or village"
    assert english not in page


def test_an_unknown_language_falls_back_to_english(client):
    page = client.get("/?lang=xx").get_data(as_text=True)
    assert 'lang="en-GB"' in page and 'dir="ltr"' in page
    assert "Find your estate, neighbourhood or village" in page


def test_the_language_is_remembered(client):
    client.get("/?lang=cy")
    assert 'lang="cy"' in client.get("/").get_data(as_text=True)
