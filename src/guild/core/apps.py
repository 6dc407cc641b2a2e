from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "guild.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from guild.core import checks  # noqa: F401  (registers system checks)
        from guild.core.navigation import register_manage
        from guild.core.outbox import email_retry_due
        from guild.core.scheduling import register_periodic

        register_periodic("core.email_retry_due", 60, email_retry_due)

        section = _("Association")
        register_manage(section, _("Identity"), "core:identity", "core.change_identity", 10)
        register_manage(section, _("Audit log"), "core:audit", "core.view_audit", 90)
        register_manage(section, _("Outbox"), "core:outbox", "core.view_outbox", 95)
