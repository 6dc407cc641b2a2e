"""Configuration comes from the environment; a wrong value names the variable at start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from guild.config import env

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def environ(monkeypatch):
    return monkeypatch


def test_bool_int_list_and_choice(environ):
    environ.setenv("X_BOOL", "yes")
    environ.setenv("X_INT", "42")
    environ.setenv("X_LIST", "a.example, b.example ,")
    environ.setenv("X_CHOICE", "RQ")
    assert env.get_bool("X_BOOL", False) is True
    assert env.get_int("X_INT", 1) == 42
    assert env.get_list("X_LIST", []) == ["a.example", "b.example"]
    assert env.get_choice("X_CHOICE", "db", ("db", "rq")) == "rq"
    assert env.get_bool("X_MISSING", True) is True


@pytest.mark.parametrize(
    ("name", "value", "call"),
    [
        ("DEBUG", "perhaps", lambda: env.get_bool("DEBUG", False)),
        ("WORKERS", "two", lambda: env.get_int("WORKERS", 1)),
        ("WORKERS", "-1", lambda: env.get_int("WORKERS", 1, minimum=0)),
        ("TASKS_BACKEND", "celery", lambda: env.get_choice("TASKS_BACKEND", "db", ("db", "rq"))),
        ("SITE_URL", "ftp://x", lambda: env.get_url("SITE_URL", "", ("http", "https"))),
        ("SITE_URL", "https://", lambda: env.get_url("SITE_URL", "", ("http", "https"))),
        ("DATABASE_URL", "mysql://x/y", lambda: env.database_config("DATABASE_URL", "")),
        ("DATABASE_URL", "postgres://host", lambda: env.database_config("DATABASE_URL", "")),
        ("EMAIL_URL", "pigeon://x", lambda: env.email_config("EMAIL_URL", "")),
        ("EMAIL_URL", "smtp://", lambda: env.email_config("EMAIL_URL", "")),
        ("EMAIL_URL", "smtp://host:port", lambda: env.email_config("EMAIL_URL", "")),
        ("EMAIL_URL", "smtp://host?timeout=soon", lambda: env.email_config("EMAIL_URL", "")),
        ("EMAIL_URL", "smtps://host?tls=1", lambda: env.email_config("EMAIL_URL", "")),
        ("SECRET_KEY", "short", lambda: env.secret_key("SECRET_KEY", Path("/tmp"), debug=False)),
    ],
)
def test_wrong_values_name_the_variable(environ, name, value, call):
    environ.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        call()


def test_email_urls_build_working_mailers(environ, tmp_path, settings):
    """Each EMAIL_URL becomes a MAILERS entry that Django's own mailer factory accepts."""
    from django.core.mail import mailers

    def mailer(url):
        environ.setenv("EMAIL_URL", url)
        settings.MAILERS = {
            "default": settings.MAILERS["default"],
            "checked": env.email_config("EMAIL_URL", ""),
        }
        return mailers["checked"]

    smtp = mailer("smtp://user%40x:p%2Fw@mail.example.org:587?tls=1&timeout=7")
    assert (smtp.host, smtp.port, smtp.username, smtp.password) == (
        "mail.example.org",
        587,
        "user@x",
        "p/w",
    )
    assert (smtp.use_tls, smtp.use_ssl, smtp.timeout) == (True, False, 7)
    smtps = mailer("smtps://mail.example.org")
    assert (smtps.port, smtps.use_ssl, smtps.use_tls, smtps.timeout) == (465, True, False, 20)
    assert mailer(f"file://{tmp_path}").file_path == str(tmp_path)
    for scheme in ("console", "locmem", "dummy"):
        assert type(mailer(f"{scheme}://")).__module__ == f"django.core.mail.backends.{scheme}"


def test_sqlite_defaults_to_wal_and_immediate(environ, tmp_path):
    environ.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x/guild.sqlite3")
    config = env.database_config("DATABASE_URL", "")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert (tmp_path / "x").is_dir()


def test_secret_key_is_generated_once_and_kept(tmp_path, environ):
    environ.delenv("SECRET_KEY", raising=False)
    first = env.secret_key("SECRET_KEY", tmp_path, debug=False)
    assert len(first) >= 50
    assert env.secret_key("SECRET_KEY", tmp_path, debug=False) == first
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_startup_stops_with_a_message_naming_the_variable(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, "TASKS_BACKEND": "celery", "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "TASKS_BACKEND" in result.stderr


def test_production_settings_pass_check_deploy(tmp_path):
    def check_deploy(**extra):
        return subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env={
                **{
                    k: v
                    for k, v in os.environ.items()
                    if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_URL"}
                },
                "SITE_URL": "https://guild.example.org",
                "DEBUG": "false",
                "SECRET_KEY": "k" * 20 + "-production-secret-key-for-the-check",
                "VAR_DIR": str(tmp_path),
                "GUILD_TESTING": "0",
                **extra,
            },
            capture_output=True,
            text=True,
            timeout=120,
        )

    result = check_deploy(EMAIL_URL="smtp://smtp.example.org:587?tls=1")
    assert result.returncode == 0, result.stderr
    # Left on the development default (e-mails written to files), production is refused.
    result = check_deploy()
    assert result.returncode != 0
    assert "mail.E001" in result.stderr
