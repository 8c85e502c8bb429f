import subprocess
import sys

import pytest

from webapp import ConfigError, create_app
from webapp.config import load_config


@pytest.fixture
def env(monkeypatch, tmp_path):
    for name in ("APP_ENV", "SECRET_KEY", "DATABASE_URL", "PORT", "BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_production_requires_a_secret_key(env, tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        load_config(tmp_path)


@pytest.mark.parametrize("base_url", [None, "http://menu.example.gov.uk", "menu.example.gov.uk"])
def test_production_requires_the_sites_https_address(env, tmp_path, base_url):
    env.setenv("SECRET_KEY", "p" * 40)
    if base_url:
        env.setenv("BASE_URL", base_url)
    with pytest.raises(ConfigError, match="BASE_URL must be the site's https:// address"):
        load_config(tmp_path)
    env.setenv("BASE_URL", "https://menu.example.gov.uk/")
    assert load_config(tmp_path)["BASE_URL"] == "https://menu.example.gov.uk"


def test_development_links_in_emails_open_the_local_server(env, tmp_path):
    env.setenv("APP_ENV", "development")
    env.setenv("PORT", "5123")
    assert load_config(tmp_path)["BASE_URL"] == "http://127.0.0.1:5123"


def test_short_secret_key_is_refused(env, tmp_path):
    env.setenv("SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="at least 32 characters"):
        load_config(tmp_path)


def test_development_generates_and_keeps_a_secret_key(env, tmp_path):
    env.setenv("APP_ENV", "development")
    first = load_config(tmp_path)["SECRET_KEY"]
    assert len(first) >= 32
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert load_config(tmp_path)["SECRET_KEY"] == first


def test_database_defaults_to_sqlite_under_instance(env, tmp_path):
    env.setenv("APP_ENV", "development")
    assert load_config(tmp_path)["DATABASE_URL"] == f"sqlite:///{tmp_path / 'neighbourhood.db'}"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DATABASE_URL", "not a url", "DATABASE_URL is not a valid database URL"),
        ("DATABASE_URL", "mysql://root@localhost/x", "SQLite or PostgreSQL"),
        ("APP_ENV", "staging", "APP_ENV must be one of"),
        ("PORT", "eighty", "PORT must be a whole number"),
        ("PORT", "70000", "PORT must be between 1 and 65535"),
    ],
)
def test_invalid_settings_are_refused(env, tmp_path, name, value, message):
    env.setenv("APP_ENV", "development")
    env.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path)


def test_a_bad_setting_stops_the_app_with_one_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "APP_ENV": "production", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "webapp", "routes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: SECRET_KEY is not set")


def test_create_app_takes_overrides(env, tmp_path):
    env.setenv("APP_ENV", "development")
    env.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    app = create_app({"TESTING": True})
    assert app.config["TESTING"] is True
    assert app.config["APP_ENV"] == "development"
