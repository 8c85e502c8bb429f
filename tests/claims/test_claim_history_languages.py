"""A claim's history read in Polish or Arabic: a condition by the menu's own name in
that language (never its key), the officer's typed reason exactly as typed."""

import pytest

from tests.claims.conftest import approve_ready, claim_for
from webapp.claims.workflow import transition

TYPED = "Brak <b>polisy</b>: proszę przesłać nową."


@pytest.mark.parametrize(
    ("language", "checked", "condition"),
    [
        ("pl", "Sprawdzono warunek", "Ubezpieczenie OC"),
        ("ar", "التحقق من شرط", "تأمين المسؤولية المدنية"),
    ],
)
def test_a_checked_condition_reads_by_its_name_in_the_readers_language(
    app, client, auth, db_session, setting, language, checked, condition
):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    approve_ready(db_session, app, claim, lead=lead, officer=officer)
    transition(session=db_session, claim=claim, action="reject", actor=officer, reason=TYPED)
    auth.login(officer.email)
    page = client.get(f"/claims/{claim.id}?lang={language}").get_data(as_text=True)
    history = page[page.index('id="history-heading"') :]
    assert checked in history
    assert f"{condition}: insurance.pdf" in history
    assert "Public liability insurance" not in history and "insurance:" not in history
    # As typed, in its own direction (an English or Polish reason in an Arabic page too).
    assert '<td dir="auto">Brak &lt;b&gt;polisy&lt;/b&gt;: proszę przesłać nową.</td>' in history
    assert f'<td dir="auto">{condition}' not in history  # the app's own: the page's direction
