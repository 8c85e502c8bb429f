"""Settings from the environment, checked once at start."""

import os
import secrets
from importlib import metadata
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ENVIRONMENTS = ("development", "testing", "production")


class ConfigError(SystemExit):
    """A missing or invalid setting: stops the app with one clear line."""

    def __init__(self, message: str):
        super().__init__(f"Configuration error: {message}")


def _secret_key(environment: str, instance_path: Path) -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        if len(key) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters long.")
        return key
    if environment == "production":
        raise ConfigError(
            "SECRET_KEY is not set; set it to a long random string "
            '(python -c "import secrets; print(secrets.token_urlsafe(48))").'
        )
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _base_url(environment: str) -> str:
    """The site's address for links in emails. Never taken from a request's Host
    header, which a client chooses: a reset link could then point anywhere."""
    url = os.environ.get("BASE_URL", "").rstrip("/")
    if not url and environment == "development":  # `make run`: links that open locally
        url = f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"
    if environment == "production" and not url.startswith("https://"):
        raise ConfigError(
            "BASE_URL must be the site's https:// address in production "
            "(links in emails, such as password resets, are built from it)."
        )
    return url


# Hosts reached without crossing a network: a connection to them needs no encryption.
LOCAL_HOSTS = ("", "localhost", "127.0.0.1", "::1")
# Encrypted, and the server's certificate checked ("require" encrypts but trusts anyone).
VERIFIED_SSLMODES = ("verify-ca", "verify-full")


def _is_local(host: str | None) -> bool:
    """The same machine: a loopback name or address, or a Unix socket (a path)."""
    host = (host or "").strip()
    if host.startswith("["):  # [::1] or [::1]:5432
        host = host[1 : host.find("]")]
    elif host.count(":") == 1:  # name:port
        host = host.split(":")[0]
    return host in LOCAL_HOSTS or host.startswith("/")


def _query_values(query, name: str) -> list[str]:
    value = query.get(name)
    values = list(value) if isinstance(value, tuple) else [value] if value else []
    return [part for value in values for part in str(value).split(",")]


def _postgresql_endpoints(parsed) -> list[str]:
    """Where libpq connects, in its order: `hostaddr` if given, else `host` from the
    query, the URL, or the PGHOSTADDR / PGHOST environment variables."""
    addresses = _query_values(parsed.query, "hostaddr") or [os.environ.get("PGHOSTADDR", "")]
    if any(addresses):
        return [address for address in addresses if address]
    hosts = _query_values(parsed.query, "host") or [parsed.host or os.environ.get("PGHOST", "")]
    return [host for host in hosts if host] or [""]  # nothing: libpq's Unix socket


def _database_url(environment: str, instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'neighbourhood.db'}"
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"DATABASE_URL is not a valid database URL: {url!r}.") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"DATABASE_URL must be a SQLite or PostgreSQL URL, not {parsed.get_backend_name()!r}."
        )
    if environment == "production" and parsed.get_backend_name() == "postgresql":
        remote = [host for host in _postgresql_endpoints(parsed) if not _is_local(host)]
        sslmode = (_query_values(parsed.query, "sslmode") or [os.environ.get("PGSSLMODE", "")])[-1]
        if remote and sslmode not in VERIFIED_SSLMODES:
            raise ConfigError(
                f"DATABASE_URL reaches PostgreSQL on {', '.join(remote)} without a checked "
                "TLS connection: add ?sslmode=verify-full to the URL, with "
                "sslrootcert=system for a certificate from a public authority or "
                "sslrootcert=/path/to/ca.crt for the council's own."
            )
    return url


# Rate-limit stores (the `limits` library's schemes): encrypted ones anywhere, plain
# ones on this machine only, and anything else not in production.
ENCRYPTED_STORES = ("rediss", "valkeys", "rediss+sentinel", "rediss+cluster")
SOCKET_STORES = ("memory", "redis+unix", "valkey+unix", "unix", "memcached+unix")
PLAIN_STORES = (
    "redis",
    "valkey",
    "redis+sentinel",
    "redis+cluster",
    "valkey+sentinel",
    "valkey+cluster",
    "memcached",
    "mongodb",
)


def _store_hosts(netloc: str) -> list[str]:
    """The hosts of a URL's network location, which may list several (h1:1,h2:2)."""
    return [host for host in netloc.rpartition("@")[2].split(",") if host] or [""]


# redis-py's (and valkey-py's) words for "do not check the server's certificate",
# or its name: `ssl_cert_reqs` other than "required", `ssl_check_hostname` false.
_FALSE_WORDS = ("0", "F", "FALSE", "N", "NO")


def _installed_major_version(distribution: str) -> int | None:
    try:
        return int(metadata.version(distribution).split(".")[0])
    except (metadata.PackageNotFoundError, ValueError):
        return None


def _unchecked_tls(scheme: str, query: str) -> bool:
    values = parse_qs(query, keep_blank_values=True)
    if any(value != "required" for value in values.get("ssl_cert_reqs", [])):
        return True
    host_check = values.get("ssl_check_hostname", [])
    if any(value.upper() in _FALSE_WORDS for value in host_check):
        return True
    # redis-py checks the host name by default only from 6.0 on.
    client = "valkey" if scheme.startswith("valkey") else "redis"
    old_client = (_installed_major_version(client) or 6) < 6
    return old_client and not any(value.strip() for value in host_check)


def _rate_limit_storage(environment: str) -> str:
    uri = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    parts = urlsplit(uri)
    if environment != "production" or parts.scheme in SOCKET_STORES:
        return uri
    if parts.scheme in ENCRYPTED_STORES:
        if _unchecked_tls(parts.scheme, parts.query):
            raise ConfigError(
                "RATELIMIT_STORAGE_URI would not check the store's TLS certificate and "
                "name: leave out ssl_cert_reqs and ssl_check_hostname=false (give the "
                "council's CA with ssl_ca_certs=/path/to/ca.crt), and with a client "
                "older than redis-py 6.0 add ssl_check_hostname=true."
            )
        return uri
    remote = [host for host in _store_hosts(parts.netloc) if not _is_local(host)]
    if parts.scheme not in PLAIN_STORES or remote:
        raise ConfigError(
            f"RATELIMIT_STORAGE_URI {parts.scheme}://{parts.netloc.rpartition('@')[2]} would "
            "be reached unencrypted: use rediss:// (Redis over TLS), or a store on this "
            "machine."
        )
    return uri


def _mail_server(environment: str, use_tls: bool) -> str:
    server = os.environ.get("MAIL_SERVER", "")
    if environment == "production" and server and not _is_local(server) and not use_tls:
        raise ConfigError(
            f"MAIL_SERVER {server} is not on this machine, and mail (with MAIL_PASSWORD) "
            "would cross the network unencrypted: set MAIL_USE_TLS=1 (STARTTLS, the "
            "server's certificate checked), or relay through a server on this machine."
        )
    return server


def _whole_number(name: str, default: int, *, low: int = 1, high: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ConfigError(f"{name} must be {bounds}, not {value}.")
    return value


def load_config(instance_path: Path) -> dict:
    """Read and check every setting from the environment."""
    environment = os.environ.get("APP_ENV", "production")
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"APP_ENV must be one of {', '.join(ENVIRONMENTS)}, not {environment!r}.")
    instance_path.mkdir(parents=True, exist_ok=True)
    production = environment == "production"
    mail_tls = os.environ.get("MAIL_USE_TLS", "") in ("1", "true", "yes")

    def host_only(name: str) -> str:
        """A cookie name that browsers accept only when Secure, Path=/ and for this host
        alone (no Domain); plain HTTP in development cannot carry such a cookie."""
        return f"__Host-{name}" if production else name

    return {
        "APP_ENV": environment,
        "SECRET_KEY": _secret_key(environment, instance_path),
        "DATABASE_URL": _database_url(environment, instance_path),
        "SESSION_COOKIE_NAME": host_only("session"),
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_NAME": host_only("remember_token"),
        "REMEMBER_COOKIE_SECURE": production,
        "LANGUAGE_COOKIE_NAME": host_only("lang"),
        "DEVICE_COOKIE_NAME": host_only("device"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": _whole_number("SESSION_LIFETIME_MINUTES", 8 * 60) * 60,
        "PORT": _whole_number("PORT", 5000, high=65535),
        "STAFF_SESSION_SECONDS": _whole_number("STAFF_SESSION_HOURS", 8) * 3600,
        "STAFF_IDLE_SECONDS": _whole_number("STAFF_IDLE_MINUTES", 30) * 60,
        "STAFF_REAUTH_SECONDS": _whole_number("STAFF_REAUTH_MINUTES", 5) * 60,
        # Reverse proxies in front of the app: their X-Forwarded-For gives each client's address.
        "PROXY_HOPS": _whole_number("PROXY_HOPS", 0, low=0, high=5),
        "KIOSK_IDLE_SECONDS": _whole_number("KIOSK_IDLE_SECONDS", 60),
        "KIOSK_COUNTDOWN_SECONDS": _whole_number("KIOSK_COUNTDOWN_SECONDS", 20),
        # Households a page of letters: a page takes about 2 ms a letter to make.
        "LETTER_BATCH_HOUSEHOLDS": _whole_number("LETTER_BATCH_HOUSEHOLDS", 200, high=1000),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "BABEL_TRANSLATION_DIRECTORIES": str(
            Path(__file__).resolve().parent.parent / "translations"
        ),
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
        "RATELIMIT_STORAGE_URI": _rate_limit_storage(environment),
        "RATELIMIT_HEADERS_ENABLED": True,
        "BALLOT_CODE_KEY": os.environ.get("BALLOT_CODE_KEY", ""),
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER") or str(instance_path / "uploads"),
        "MAIL_OUTBOX": os.environ.get("MAIL_OUTBOX") or str(instance_path / "outbox"),
        "MAIL_SERVER": _mail_server(environment, mail_tls),
        "MAIL_PORT": _whole_number("MAIL_PORT", 25, high=65535),
        "MAIL_USE_TLS": mail_tls,
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Neighbourhood Menu <no-reply@localhost>"),
        "BASE_URL": _base_url(environment),
    }
