import pytest

from webapp import create_app
from webapp.db import get_db

UNREACHABLE = [
    "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2",
    "sqlite:////nonexistent-directory/neighbourhood.db",
]


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


@pytest.fixture(params=UNREACHABLE, ids=["postgresql", "sqlite"])
def down_client(request):
    app = create_app(
        {
            "TESTING": True,
            "PROPAGATE_EXCEPTIONS": False,
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": request.param,
        }
    )
    yield app.test_client()
    get_db(app).engine.dispose()


def test_healthz_is_503_when_the_database_is_down(down_client):
    response = down_client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


@pytest.mark.parametrize("url", ["/", "/areas/ashworth-estate", "/login"])
def test_pages_answer_503_not_a_traceback(down_client, url):
    response = down_client.get(url)
    if url == "/login":  # needs no database until the form is posted
        response = down_client.post(url, data={"email": "a@example.org", "password": "x" * 12})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "The service is unavailable" in page
    assert "Traceback" not in page
