from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoworkingConfig(AppConfig):
    name = "guild.coworking"
    label = "coworking"
    verbose_name = _("Coworking")

    def ready(self) -> None:
        from guild.core.navigation import register_manage, register_public
        from guild.core.privacy import register_eraser, register_exporter
        from guild.core.scheduling import register_periodic
        from guild.coworking import privacy, tasks

        register_public(_("Co-working"), "coworking:index", order=60)
        register_manage(
            _("Co-working"),
            _("Space and bookings"),
            "coworking:manage",
            "coworking.manage_space",
            order=60,
        )
        register_periodic("coworking.release_no_shows", 300, tasks.release_no_shows)
        register_periodic("coworking.send_reminders", 900, tasks.send_reminders)
        # Runs every six hours; invoices the previous month once per customer, so the first
        # run of a month does the work and the others find nothing left to invoice.
        register_periodic("coworking.invoice_usage", 6 * 3600, tasks.invoice_usage)
        register_exporter("coworking", privacy.export)
        register_eraser("coworking", privacy.erase)
        from guild.coworking import payments

        payments.connect()
