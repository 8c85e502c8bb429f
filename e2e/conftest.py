"""Browser tests: Debian's Chromium, driven by Playwright, against a live server."""

import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.support import configure_test_environment, fresh_database

configure_test_environment()

from webapp import create_app  # noqa: E402
from webapp.db import get_db  # noqa: E402
from webapp.demo.data import load_demo  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DEMO_RESIDENT = "resident@ashworth.example"


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    url = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.db'}"
    )
    fresh_database(url)
    app = create_app(
        {
            "DATABASE_URL": url,
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
            "MAIL_OUTBOX": str(tmp_path_factory.mktemp("outbox")),
        }
    )
    with app.app_context():
        load_demo()
    yield app
    get_db(app).engine.dispose()


@pytest.fixture
def resident_password_restored(live_app):
    """For a test that changes the demo resident's password: it is put back
    afterwards, even when the test fails part-way, so later sign-ins still work."""
    yield
    from sqlmodel import select
    from werkzeug.security import generate_password_hash

    from webapp.auth.models import User
    from webapp.auth.services import PASSWORD_METHOD
    from webapp.demo.data import DEMO_USERS

    [password] = [spec["password"] for spec in DEMO_USERS if spec["email"] == DEMO_RESIDENT]

    with live_app.app_context(), get_db(live_app).session_scope() as session:
        user = session.exec(select(User).where(User.email == DEMO_RESIDENT)).one()
        user.password_hash = generate_password_hash(password, PASSWORD_METHOD)


@contextmanager
def slow_answers(app, path_ending: str, seconds: float):
    """The live server answers requests for paths ending so only after `seconds`, so
    that a test can act while a request is on its way, as on a slow phone network."""
    answer = app.wsgi_app

    def slowly(environ, start_response):
        if environ["PATH_INFO"].endswith(path_ending):
            time.sleep(seconds)
        return answer(environ, start_response)

    app.wsgi_app = slowly
    try:
        yield
    finally:
        app.wsgi_app = answer


@pytest.fixture(scope="session")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True}


@pytest.fixture(autouse=True)
def no_console_errors(request):
    """Fail a browser test when the page logs an error (a CSP violation, a failed script)."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield
    # 404 and 422 pages are error responses by design; the browser logs them as failed loads.
    expected = "Failed to load resource: the server responded with a status of 4"
    assert [e for e in errors if not e.startswith(expected)] == []


def pytest_collection_modifyitems(items):
    """When the browser drops a request mid-answer (a favicon, as a page moves on),
    werkzeug's development server can leave the static file it was sending open. The
    ResourceWarning is then raised during garbage collection, inside whatever test
    runs next. The unit tests keep treating unclosed files as errors."""
    ignore = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
    here = Path(__file__).parent
    for item in items:  # a conftest's hook sees every test collected, the unit tests too
        if item.path.is_relative_to(here):
            item.add_marker(ignore)
