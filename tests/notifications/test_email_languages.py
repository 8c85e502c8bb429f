"""Emails are written in their reader's language, whoever's action sent them: the
account's own, else the language of the request that sent them, else English."""

import email
from datetime import timedelta
from email import policy
from pathlib import Path

import pytest
from babel.dates import format_skeleton
from babel.support import Translations

import webapp
from tests.claims.conftest import approve_ready, claim_for, close_a_vote
from tests.factories import (
    add_member,
    create_area,
    create_council,
    create_group,
    create_officer,
    create_user,
    menu_toml,
)
from webapp.areas.menu_files import parse_menu
from webapp.areas.menus import publish_menu
from webapp.auth.languages import set_language
from webapp.claims.monitoring import flag_overdue_reports, reports_of
from webapp.claims.workflow import transition

CATALOGUES = Path(webapp.__file__).parent.parent / "translations"
GRASS = {"en": "Grass cutting", "cy": "Torri gwair", "pl": "Koszenie trawy", "ar": "قص العشب"}
REVIEWING = "The council is reviewing the claim for %(function)s in %(area)s."
SUBMITTED = "%(group)s submitted a claim to run %(function)s in %(area)s."
OVERDUE = "A monitoring report for %(function)s in %(area)s was due on %(due)s and is overdue."


def words(language: str) -> Translations:
    """The compiled catalogue itself, not the app's choice of one."""
    return Translations.load(str(CATALOGUES), [language])


def in_(language: str, msgid: str, **params) -> str:
    return words(language).gettext(msgid) % params


@pytest.fixture
def world(app, db_session):
    """The claims tests' setting, on a menu that names grass cutting in Polish and
    Arabic as well as English and Welsh."""
    council = create_council(db_session)
    text = menu_toml(council=council.slug).replace(
        'cy = "Torri gwair"', f'cy = "Torri gwair", pl = "{GRASS["pl"]}", ar = "{GRASS["ar"]}"'
    )
    menu = publish_menu(session=db_session, definition=parse_menu(text, "test.toml")).version
    area = create_area(db_session, council=council, menu=menu)
    close_a_vote(app, db_session, area, grass_cutting="delegate", ago=timedelta(minutes=1))
    lead = create_user(db_session)
    group = create_group(db_session, council=council, lead=lead)
    return area, group, lead, create_officer(db_session, area)


def emails_after(app, action) -> dict[str, email.message.EmailMessage]:
    """The emails that `action` sent, by recipient (one each)."""
    outbox = Path(app.config["MAIL_OUTBOX"])
    before = set(outbox.glob("*.eml"))
    action()
    sent = [
        email.message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in set(outbox.glob("*.eml")) - before
    ]
    by_address = {message["To"].addresses[0].addr_spec: message for message in sent}
    assert len(by_address) == len(sent)
    return by_address


def text_of(message) -> str:
    return message.get_content().split("\n\n")[0]


@pytest.mark.parametrize("language", ["pl", "ar"])
def test_an_english_officers_action_emails_each_reader_in_their_own_language(
    app, client, auth, db_session, world, language
):
    area, _group, lead, officer = world
    set_language(session=db_session, user=lead, language=language)
    claim = claim_for(db_session, world)
    transition(session=db_session, claim=claim, action="submit", actor=lead)
    auth.login(officer.email)
    review = f"/claims/{claim.id}/actions/start_review?lang=en"
    sent = emails_after(app, lambda: client.post(review, data={"reason": ""}))

    to_lead = sent[lead.email]
    expected = in_(language, REVIEWING, function=GRASS[language], area=area.name)
    assert text_of(to_lead) == expected
    assert to_lead["Subject"] == f"{words(language).gettext('Neighbourhood Menu')}: {expected}"
    assert to_lead["Content-Language"] == language
    assert expected != REVIEWING % {"function": GRASS["en"], "area": area.name}
    # The officer who acted reads English, and gets English.
    to_officer = sent[officer.email]
    assert to_officer["Content-Language"] == "en"
    assert to_officer["Subject"] == f"Neighbourhood Menu: {text_of(to_officer)}"
    assert text_of(to_officer) == REVIEWING % {"function": GRASS["en"], "area": area.name}


def test_an_account_with_no_language_gets_the_language_of_the_request(
    app, client, auth, db_session, world
):
    """A lead acting in Welsh: the officer, who has never signed in and so keeps no
    language, reads Welsh; a Polish member still reads Polish."""
    area, group, lead, officer = world
    polish = add_member(db_session, group)
    set_language(session=db_session, user=polish, language="pl")
    claim = claim_for(db_session, world)
    auth.login(lead.email)
    submit = f"/claims/{claim.id}/actions/submit?lang=cy"
    sent = emails_after(app, lambda: client.post(submit, data={"reason": ""}))

    assert officer.language is None
    names = {"group": group.name, "area": area.name}
    assert text_of(sent[officer.email]) == in_("cy", SUBMITTED, function=GRASS["cy"], **names)
    assert text_of(sent[polish.email]) == in_("pl", SUBMITTED, function=GRASS["pl"], **names)
    assert sent[officer.email]["Content-Language"] == "cy"
    assert sent[polish.email]["Content-Language"] == "pl"


def test_a_nightly_notice_gives_each_reader_the_date_their_way(app, db_session, world):
    """The overdue job runs in no one's request: a Polish reader gets the date as Polish
    writes it, an account with no language the default, British English."""
    area, _group, lead, officer = world
    set_language(session=db_session, user=lead, language="pl")
    claim = claim_for(db_session, world)
    approve_ready(db_session, app, claim, lead=lead, officer=officer)
    transition(session=db_session, claim=claim, action="approve", actor=officer)
    transition(session=db_session, claim=claim, action="activate", actor=officer)
    db_session.commit()  # outside the app: the decisions' emails are dropped, not sent below
    [report] = reports_of(session=db_session, claim_id=claim.id)
    due = report.due_on

    def nightly():
        with app.app_context():
            flag_overdue_reports(session=db_session, today=due + timedelta(days=1))
            db_session.commit()

    sent = emails_after(app, nightly)
    polish_date = format_skeleton("yMMMd", due, locale="pl", fuzzy=True)
    assert polish_date != f"{due.day} {due:%b} {due.year}"
    assert text_of(sent[lead.email]) == in_(
        "pl", OVERDUE, function=GRASS["pl"], area=area.name, due=polish_date
    )
    assert sent[officer.email]["Content-Language"] == "en"
    assert text_of(sent[officer.email]) == OVERDUE % {
        "function": GRASS["en"],
        "area": area.name,
        "due": f"{due.day} {due:%b} {due.year}",
    }
