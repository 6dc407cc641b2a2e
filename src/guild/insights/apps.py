from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "guild.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self):
        from guild.core.navigation import register_manage, register_public

        register_public(_("Who we speak for"), "insights:public", order=80)
        register_manage(
            _("Insights"),
            _("Representativeness"),
            "insights:dashboard",
            "insights.view_dashboard",
            order=10,
        )
        register_manage(
            _("Insights"),
            _("Sirene import"),
            "insights:import",
            "insights.import_baseline",
            order=20,
        )
        register_manage(
            _("Insights"),
            _("Publication settings"),
            "insights:settings",
            "insights.change_settings",
            order=30,
        )
