import subprocess
import sys

import pytest

from webapp import ConfigError, config, create_app
from webapp.config import load_config


@pytest.fixture
def env(monkeypatch, tmp_path):
    for name in (
        "APP_ENV",
        "SECRET_KEY",
        "DATABASE_URL",
        "PORT",
        "BASE_URL",
        "MAIL_SERVER",
        "MAIL_USE_TLS",
        "RATELIMIT_STORAGE_URI",
        "PGHOST",
        "PGHOSTADDR",
        "PGSSLMODE",
    ):
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


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("postgresql+psycopg://app@db.council.internal/menu", True),
        # libpq takes the query's host (and hostaddr) before the URL's
        ("postgresql+psycopg://app@localhost/menu?host=db.council.internal&sslmode=disable", True),
        ("postgresql+psycopg://app@localhost/menu?hostaddr=10.0.4.12", True),
        ("postgresql+psycopg://app@/menu?host=127.0.0.1:5432&host=db2.internal:5432", True),
        ("postgresql+psycopg://app@[::1]:5432/menu", False),
        ("postgresql+psycopg://app@10.0.4.12:5432/menu?sslmode=prefer", True),
        ("postgresql+psycopg://app@db.council.internal/menu?sslmode=verify-full", False),
        ("postgresql+psycopg://app@10.0.4.12/menu?sslmode=require", True),
        ("postgresql+psycopg://app@10.0.4.12/menu?sslmode=verify-ca", False),
        ("postgresql+psycopg://app@127.0.0.1:5432/menu", False),
        ("postgresql+psycopg://app@localhost/menu", False),
        ("postgresql+psycopg://app@/menu?host=/run/postgresql", False),
        ("postgresql+psycopg://app@/menu?host=db.council.internal", True),
        ("sqlite:////srv/menu/menu.db", False),
    ],
)
def test_production_reaches_a_database_elsewhere_only_encrypted(env, tmp_path, url, refused):
    """ASVS V12.3.1 and V12.3.2: a database across a network is reached over TLS,
    its certificate checked."""
    env.setenv("SECRET_KEY", "p" * 40)
    env.setenv("BASE_URL", "https://menu.example.gov.uk")
    env.setenv("DATABASE_URL", url)
    if refused:
        with pytest.raises(
            ConfigError, match=r"without a checked TLS connection: add \?sslmode=verify-full"
        ):
            load_config(tmp_path)
    else:
        assert load_config(tmp_path)["DATABASE_URL"] == url
    env.setenv("APP_ENV", "development")  # on a developer's machine, anything goes
    assert load_config(tmp_path)["DATABASE_URL"] == url


@pytest.mark.parametrize(
    ("environment", "refused"),
    [
        ({"PGHOST": "db.council.internal"}, True),
        ({"PGHOSTADDR": "10.0.4.12"}, True),
        ({"PGHOST": "db.council.internal", "PGSSLMODE": "verify-full"}, False),
        ({"PGHOST": "/run/postgresql"}, False),
    ],
)
def test_production_reads_libpqs_environment_as_libpq_does(env, tmp_path, environment, refused):
    env.setenv("SECRET_KEY", "p" * 40)
    env.setenv("BASE_URL", "https://menu.example.gov.uk")
    env.setenv("DATABASE_URL", "postgresql+psycopg://app@/menu")
    for name, value in environment.items():
        env.setenv(name, value)
    if refused:
        with pytest.raises(ConfigError, match="without a checked TLS connection"):
            load_config(tmp_path)
    else:
        assert load_config(tmp_path)["DATABASE_URL"] == "postgresql+psycopg://app@/menu"


@pytest.mark.parametrize(
    ("server", "tls", "refused"),
    [
        ("smtp.council.gov.uk", "", True),
        ("smtp.council.gov.uk", "1", False),
        ("localhost", "", False),
        ("127.0.0.1", "", False),
    ],
)
def test_production_sends_mail_elsewhere_only_over_tls(env, tmp_path, server, tls, refused):
    env.setenv("SECRET_KEY", "p" * 40)
    env.setenv("BASE_URL", "https://menu.example.gov.uk")
    env.setenv("MAIL_SERVER", server)
    env.setenv("MAIL_USE_TLS", tls)
    if refused:
        with pytest.raises(ConfigError, match="set MAIL_USE_TLS=1"):
            load_config(tmp_path)
    else:
        assert load_config(tmp_path)["MAIL_SERVER"] == server


@pytest.mark.parametrize(
    ("uri", "refused"),
    [
        ("redis://cache.council.internal:6379", True),
        ("rediss://cache.council.internal:6379", False),
        ("redis://127.0.0.1:6379", False),
        ("redis://user:secret@[::1]:6379", False),
        ("redis+unix:///run/redis/redis.sock", False),
        ("memory://", False),
        ("valkey://cache.council.internal", True),
        ("redis+sentinel://127.0.0.1:26379,cache2.council.internal:26379", True),
        ("memcached://cache.council.internal:11211", True),
        ("mongodb://cache.council.internal", True),
        ("gopher://127.0.0.1", True),
    ],
)
def test_production_keeps_rate_limits_elsewhere_only_over_tls(env, tmp_path, uri, refused):
    env.setenv("SECRET_KEY", "p" * 40)
    env.setenv("BASE_URL", "https://menu.example.gov.uk")
    env.setenv("RATELIMIT_STORAGE_URI", uri)
    if refused:
        with pytest.raises(ConfigError, match="would be reached unencrypted: use rediss://"):
            load_config(tmp_path)
    else:
        assert load_config(tmp_path)["RATELIMIT_STORAGE_URI"] == uri


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("ssl_cert_reqs=required", False),
        ("ssl_ca_certs=/etc/council/ca.crt&ssl_check_hostname=true", False),
        ("ssl_cert_reqs=none", True),
        ("ssl_cert_reqs=optional", True),
        ("db=0&ssl_cert_reqs=None", True),
        ("ssl_check_hostname=False", True),
        ("ssl_check_hostname=0", True),
    ],
)
def test_production_keeps_the_rate_limit_stores_certificate_checked(env, tmp_path, query, refused):
    env.setenv("SECRET_KEY", "p" * 40)
    env.setenv("BASE_URL", "https://menu.example.gov.uk")
    for scheme in ("rediss", "valkeys"):
        uri = f"{scheme}://cache.council.internal:6379/0?{query}"
        env.setenv("RATELIMIT_STORAGE_URI", uri)
        if refused:
            with pytest.raises(ConfigError, match="would not check the store's TLS certificate"):
                load_config(tmp_path)
        else:
            assert load_config(tmp_path)["RATELIMIT_STORAGE_URI"] == uri


def test_production_asks_an_old_redis_client_to_check_the_stores_name(env, tmp_path, monkeypatch):
    """redis-py before 6.0 checks the certificate but not whose it is, unless told."""
    env.setenv("SECRET_KEY", "p" * 40)
    env.setenv("BASE_URL", "https://menu.example.gov.uk")
    monkeypatch.setattr(config, "_installed_major_version", lambda name: 5)
    env.setenv("RATELIMIT_STORAGE_URI", "rediss://cache.council.internal:6379")
    with pytest.raises(ConfigError, match="would not check the store's TLS certificate"):
        load_config(tmp_path)
    env.setenv("RATELIMIT_STORAGE_URI", "rediss://cache.council.internal:6379?ssl_check_hostname=1")
    assert load_config(tmp_path)["RATELIMIT_STORAGE_URI"].endswith("ssl_check_hostname=1")
    monkeypatch.setattr(config, "_installed_major_version", lambda name: 6)
    env.setenv("RATELIMIT_STORAGE_URI", "rediss://cache.council.internal:6379")
    assert load_config(tmp_path)["RATELIMIT_STORAGE_URI"] == "rediss://cache.council.internal:6379"


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
