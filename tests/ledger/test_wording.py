"""The ledger's stored English, read in the reader's language: every description and
account name the app writes has its form, and a statement reads in Welsh."""

import re
from pathlib import Path

import pytest
from flask_babel import force_locale

import webapp
from tests.ledger.conftest import instalments
from webapp.ledger.instalments import approve_instalment, pay_instalment, request_instalment
from webapp.ledger.wording import ACCOUNT_NAMES, DESCRIPTIONS, account_name, ledger_description

LEDGER = Path(webapp.__file__).parent / "ledger"


def written(keyword: str) -> list[str]:
    """Each f-string the ledger writes as `keyword`, its fields filled with a number."""
    found = []
    for path in LEDGER.glob("*.py"):
        for text in re.findall(keyword + r'=f"([^"]+)"', path.read_text()):
            found.append(re.sub(r"\{[^}]+\}", "12", text))
    return found


@pytest.mark.parametrize(
    ("keyword", "forms"), [("description", DESCRIPTIONS), ("name", ACCOUNT_NAMES)]
)
def test_every_form_the_ledger_writes_is_known(keyword, forms):
    samples = written(keyword)
    assert len(samples) >= 4
    for sample in samples:
        assert any(pattern.fullmatch(sample) for pattern, _ in forms), sample


def test_stored_english_reads_in_the_readers_language(app):
    with app.test_request_context("/"), force_locale("cy"):
        assert ledger_description("Instalment 2 of delegation 7") == "Rhandaliad 2 o ddirprwyaeth 7"
        assert account_name("Council budget: grass-cutting") == "Cyllideb y cyngor: grass-cutting"
        assert ledger_description("Something typed by hand") == "Something typed by hand"


def test_a_groups_statement_reads_in_welsh(client, auth, db_session, world):
    first = instalments(db_session, world)[0]
    request_instalment(session=db_session, instalment_id=first.id, actor=world.treasurer)
    approve_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    pay_instalment(session=db_session, instalment_id=first.id, officer=world.second_approver)
    db_session.commit()
    auth.login(world.treasurer.email)
    page = client.get(f"/statements/group/{world.group.id}?lang=cy").get_data(as_text=True)
    assert f"Rhandaliad 1 o ddirprwyaeth {world.delegation.id}" in page
    assert f"Cyfrif y grŵp, dirprwyaeth {world.delegation.id}" in page
    assert "Instalment 1 of delegation" not in page
