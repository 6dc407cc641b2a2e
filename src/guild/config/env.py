"""Every setting that comes from the environment is read here, and only here.

A wrong value stops start-up with an ``ImproperlyConfigured`` error that names the variable.
Each variable is documented in ``docs/configuration.md``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[3]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def get_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}: expected a boolean (true/false, 1/0), got {value!r}.")


def get_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected a whole number, got {value!r}.")
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}: must be at least {minimum}, got {number}.")
    return number


def get_float(name: str, default: float, *, minimum: float | None = None) -> float:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected a number (e.g. 12.5), got {value!r}.")
    if number != number or number in {float("inf"), float("-inf")}:
        raise ImproperlyConfigured(f"{name}: expected a finite number, got {value!r}.")
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}: must be at least {minimum:g}, got {number:g}.")
    return number


def get_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None or value == "" else value


def get_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def get_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = get_str(name, default).lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}: expected one of {', '.join(choices)}, got {value!r}.")
    return value


def get_path(name: str, default: Path) -> Path:
    value = _raw(name)
    return default if not value else Path(value).expanduser().resolve()


def get_url(name: str, default: str, schemes: tuple[str, ...]) -> str:
    value = get_str(name, default)
    parsed = urlparse(value)
    if parsed.scheme not in schemes:
        raise ImproperlyConfigured(
            f"{name}: the scheme must be one of {', '.join(schemes)}, got {value!r}."
        )
    if parsed.scheme in {"http", "https"} and not parsed.netloc:
        raise ImproperlyConfigured(f"{name}: missing host in {value!r}.")
    return value


def database_config(name: str, default: str) -> dict:
    import dj_database_url

    value = get_str(name, default)
    scheme = urlparse(value).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name}: only sqlite:/// and postgres:// URLs are supported, got {value!r}."
        )
    try:
        config = dj_database_url.parse(
            value, conn_max_age=get_int("DATABASE_CONN_MAX_AGE", 0, minimum=0)
        )
    except Exception as exc:
        raise ImproperlyConfigured(f"{name}: cannot parse {value!r} ({exc}).")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name}: the SQLite URL has no file path.")
        if config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    else:
        config.setdefault("OPTIONS", {})
        config["CONN_HEALTH_CHECKS"] = True
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name}: the PostgreSQL URL has no database name.")
    return config


def email_config(name: str, default: str) -> dict:
    """Turn ``EMAIL_URL`` into the default entry of Django's ``MAILERS``.

    smtp://user:password@host:port (``?tls=1`` for STARTTLS, ``smtps://`` for implicit TLS,
    ``?timeout=20`` in seconds), console://, file:///absolute/path, locmem://, dummy://.
    """
    value = get_str(name, default)
    parsed = urlparse(value)
    query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    backend = "django.core.mail.backends.{}.EmailBackend"
    if parsed.scheme in {"smtp", "smtps"}:
        if not parsed.hostname:
            raise ImproperlyConfigured(f"{name}: missing host in {value!r}.")
        try:
            port = parsed.port
        except ValueError:
            raise ImproperlyConfigured(f"{name}: invalid port in {value!r}.")
        try:
            timeout = int(query.get("timeout", "20"))
        except ValueError:
            raise ImproperlyConfigured(f"{name}: the timeout must be a number of seconds.")
        use_ssl = parsed.scheme == "smtps"
        use_tls = query.get("tls", "0").lower() in _TRUE
        if use_ssl and use_tls:
            raise ImproperlyConfigured(f"{name}: smtps:// already encrypts; drop ?tls=1.")
        options = {
            "host": parsed.hostname,
            "port": port or (465 if use_ssl else 25),
            "username": unquote(parsed.username or ""),
            "password": unquote(parsed.password or ""),
            "use_ssl": use_ssl,
            "use_tls": use_tls,
            "timeout": timeout,
        }
        return {"BACKEND": backend.format("smtp"), "OPTIONS": options}
    if parsed.scheme == "file":
        path = unquote(parsed.path) or str(BASE_DIR / "var" / "mail")
        if not Path(path).is_absolute():
            path = str(BASE_DIR / path)
        return {"BACKEND": backend.format("filebased"), "OPTIONS": {"file_path": path}}
    if parsed.scheme in {"console", "locmem", "dummy"}:
        return {"BACKEND": backend.format(parsed.scheme)}
    raise ImproperlyConfigured(
        f"{name}: unsupported scheme {parsed.scheme!r}; "
        "use smtp://, smtps://, console://, file://, locmem:// or dummy://."
    )


def outreach_config() -> dict:
    """``OUTREACH_*`` settings of the outreach app (documented in docs/configuration.md)."""
    batch = get_int("OUTREACH_BATCH_SIZE", 200, minimum=1)
    rate = get_float("OUTREACH_SEND_RATE", 0.0, minimum=0)
    lease = get_int("OUTREACH_SEND_LEASE", 900, minimum=30)
    if rate and lease < batch / rate:
        raise ImproperlyConfigured(
            f"OUTREACH_SEND_LEASE: must exceed the time one batch takes "
            f"(OUTREACH_BATCH_SIZE / OUTREACH_SEND_RATE = {batch / rate:.0f} s), got {lease}."
        )
    return {
        "OUTREACH_BATCH_SIZE": batch,
        "OUTREACH_SEND_RATE": rate,
        "OUTREACH_SEND_LEASE": lease,
        "OUTREACH_RESEND_UNCERTAIN": get_bool("OUTREACH_RESEND_UNCERTAIN", True),
        "OUTREACH_TRACK_OPENS_DEFAULT": get_bool("OUTREACH_TRACK_OPENS_DEFAULT", False),
        "OUTREACH_RETENTION_DAYS": get_int("OUTREACH_RETENTION_DAYS", 3 * 365, minimum=30),
        "OUTREACH_WEBHOOK_SECRET": get_str("OUTREACH_WEBHOOK_SECRET", ""),
    }


def secret_key(name: str, var_dir: Path, *, debug: bool) -> str:
    """Read the secret key, or keep a generated one in ``var/`` for the embedded setup."""
    value = _raw(name)
    if value:
        if len(value) < 32:
            raise ImproperlyConfigured(f"{name}: must be at least 32 characters long.")
        return value
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key
