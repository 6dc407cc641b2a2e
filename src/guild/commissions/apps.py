from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissionsConfig(AppConfig):
    name = "guild.commissions"
    label = "commissions"
    verbose_name = _("Commissions")

    def ready(self) -> None:
        from guild.commissions import privacy, selectors, tasks
        from guild.core import navigation, scheduling
        from guild.core.privacy import register_eraser, register_exporter

        navigation.register_public(_("Commissions"), "commissions:list", order=30)
        navigation.register_manage(
            _("Commissions"),
            _("Commission settings"),
            "commissions:settings",
            "commissions.change_settings",
            order=40,
        )
        navigation.register_manage(
            _("Commissions"),
            _("Roadmap"),
            "commissions:roadmap",
            "commissions.manage_menu",
            order=41,
        )
        navigation.register_home_block(
            "commissions/includes/home_block.html", selectors.home_block, order=40
        )
        scheduling.register_periodic("commissions.reminders", 6 * 3600, tasks.enqueue_reminders)
        scheduling.register_periodic("commissions.digest", 12 * 3600, tasks.enqueue_digest)
        register_exporter("commissions", privacy.export)
        register_eraser("commissions", privacy.erase)
