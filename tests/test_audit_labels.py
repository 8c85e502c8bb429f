"""Every action the app records where a history page shows it has a translated label:
an officer reads "Unused ballot codes withdrawn", never `codes_withdrawn`."""

import re
from pathlib import Path

import webapp
from webapp.claims.labels import AUDIT_LABELS

# An action="..." keyword, the action of a rounds' or instalments' _audit(session, x, y, "..."),
# or of an account's audit_account(session, user, "..." [if ... else "..."]) (shown on a
# staff account's page).
RECORDED = re.compile(
    r'action="([a-z_]+)"'
    r'|\b_audit\(\s*session,\s*[^,]+,\s*[^,]+,\s*"([a-z_]+)"'
    r'|\b(?:audit_account|_audit_link)\(\s*session,\s*[^,]+,\s*"([a-z_]+)"'
    r'(?:\s+if\s+[^,"]+\s+else\s+"([a-z_]+)")?'
)


def recorded_actions() -> set[str]:
    found = set()
    for path in Path(webapp.__file__).parent.rglob("*.py"):
        for groups in RECORDED.findall(path.read_text()):
            found.update(action for action in groups if action)
    return found


def test_the_scan_finds_the_apps_actions():
    assert {"codes_withdrawn", "rescheduled", "paid", "drafted"} <= recorded_actions()
    assert {"created", "role_changed", "disabled", "password_reset", "ballot_linked"} <= (
        recorded_actions()
    )


def test_every_recorded_action_has_a_label():
    assert recorded_actions() - AUDIT_LABELS.keys() == set()
