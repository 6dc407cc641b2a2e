from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcingConfig(AppConfig):
    name = "guild.sourcing"
    label = "sourcing"
    verbose_name = _("Sourcing")

    def ready(self) -> None:
        from guild.core.navigation import register_manage, register_public
        from guild.core.privacy import register_eraser, register_exporter
        from guild.sourcing import privacy

        register_public(_("Directory"), "sourcing:directory", order=50)
        register_public(_("Needs"), "sourcing:needs", order=55)
        register_manage(
            _("Sourcing"),
            _("Needs to moderate"),
            "sourcing:manage_needs",
            "sourcing.moderate_need",
            order=50,
        )
        register_manage(
            _("Sourcing"), _("Skills"), "sourcing:manage_skills", "sourcing.change_skill", order=51
        )
        register_exporter("sourcing", privacy.export)
        register_eraser("sourcing", privacy.erase)
