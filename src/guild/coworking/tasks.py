"""Periodic co-working jobs (idempotent services)."""

from guild.coworking import services


def release_no_shows() -> int:
    return services.bookings_release_no_shows()


def send_reminders() -> int:
    return services.bookings_send_reminders()


def invoice_usage():
    """Periodic: invoice last month's meeting-room use beyond credits (idempotent)."""
    from guild.coworking.payments import usage_invoice_month

    return usage_invoice_month()
