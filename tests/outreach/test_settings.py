import pytest
from django.core.exceptions import ImproperlyConfigured

from guild.config import env
from guild.outreach.models import Campaign


def test_outreach_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("OUTREACH_SEND_RATE", "12,5")
    monkeypatch.setenv("OUTREACH_BATCH_SIZE", "50")
    monkeypatch.setenv("OUTREACH_RESEND_UNCERTAIN", "false")
    monkeypatch.setenv("OUTREACH_TRACK_OPENS_DEFAULT", "true")
    monkeypatch.setenv("OUTREACH_RETENTION_DAYS", "730")
    config = env.outreach_config()
    assert config["OUTREACH_SEND_RATE"] == 12.5
    assert config["OUTREACH_BATCH_SIZE"] == 50
    assert config["OUTREACH_SEND_LEASE"] == 900
    assert config["OUTREACH_RESEND_UNCERTAIN"] is False
    assert config["OUTREACH_TRACK_OPENS_DEFAULT"] is True
    assert config["OUTREACH_RETENTION_DAYS"] == 730


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("OUTREACH_SEND_RATE", "vite", "OUTREACH_SEND_RATE: expected a number"),
        ("OUTREACH_SEND_RATE", "-1", "OUTREACH_SEND_RATE: must be at least 0"),
        ("OUTREACH_SEND_RATE", "nan", "OUTREACH_SEND_RATE: expected a finite number"),
        ("OUTREACH_BATCH_SIZE", "0", "OUTREACH_BATCH_SIZE: must be at least 1"),
        ("OUTREACH_RESEND_UNCERTAIN", "peut-être", "OUTREACH_RESEND_UNCERTAIN: expected a boolean"),
        ("OUTREACH_RETENTION_DAYS", "7", "OUTREACH_RETENTION_DAYS: must be at least 30"),
    ],
)
def test_bad_outreach_settings_name_the_variable(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        env.outreach_config()


def test_lease_must_outlast_a_batch(monkeypatch):
    monkeypatch.setenv("OUTREACH_SEND_RATE", "1")
    monkeypatch.setenv("OUTREACH_BATCH_SIZE", "200")
    monkeypatch.setenv("OUTREACH_SEND_LEASE", "60")
    with pytest.raises(ImproperlyConfigured, match="OUTREACH_SEND_LEASE: must exceed"):
        env.outreach_config()


def test_pixel_tracking_default_follows_the_setting(settings):
    assert Campaign().track_opens is False
    settings.OUTREACH_TRACK_OPENS_DEFAULT = True
    assert Campaign().track_opens is True
