"""Bench settings: Guild's settings with persistent database connections (CONN_MAX_AGE), as a
production deployment behind gunicorn would use."""

from guild.config.settings import *  # noqa: F403

DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
