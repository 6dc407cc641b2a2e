from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "guild.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from guild.core import navigation, privacy, scheduling
        from guild.outreach import campaigns, webhooks  # noqa: F401 (signal receivers)
        from guild.outreach import privacy as outreach_privacy

        navigation.register_public(_("News"), "outreach:news", order=60)
        navigation.register_public(_("Newsletter"), "outreach:signup", order=90)
        section = _("Communication")
        navigation.register_manage(
            section, _("Campaigns"), "outreach:campaigns", "outreach.manage", order=10
        )
        navigation.register_manage(
            section, _("Contacts"), "outreach:contacts", "outreach.manage", order=20
        )
        navigation.register_manage(
            section, _("Lists"), "outreach:lists", "outreach.manage", order=30
        )
        navigation.register_manage(
            section, _("Segments"), "outreach:segments", "outreach.manage", order=40
        )
        navigation.register_manage(
            section, _("News"), "outreach:manage_articles", "outreach.manage", order=50
        )
        privacy.register_exporter("outreach", outreach_privacy.export_user)
        privacy.register_eraser("outreach", outreach_privacy.erase_user)
        scheduling.register_periodic("outreach.campaigns_due", 60, campaigns.campaigns_due)
        scheduling.register_periodic(
            "outreach.retention", 24 * 3600, outreach_privacy.retention_purge
        )
