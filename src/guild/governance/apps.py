from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "guild.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from guild.core import navigation, privacy, scheduling
        from guild.governance import home, tasks
        from guild.governance import privacy as gov_privacy
        from guild.governance.services.admissions import admission_start
        from guild.members.admission import register_admission_procedure

        register_admission_procedure(admission_start)
        section = _("Governance")
        navigation.register_public(_("Governance"), "governance:composition", 60)
        navigation.register_public(_("Transparency"), "governance:transparency", 61)
        navigation.register_manage(
            section,
            # Not "Applications": the members app's direct-approval list already uses it.
            _("Admission procedure"),
            "governance:applications",
            "governance.view_applications",
            10,
        )
        navigation.register_manage(
            section, _("Safeguards"), "governance:safeguards", "governance.view_safeguards", 11
        )
        navigation.register_manage(
            section, _("Board votes"), "governance:board_votes", "governance.view_board_votes", 12
        )
        navigation.register_manage(
            section,
            _("General assemblies"),
            "governance:assemblies",
            "governance.manage_assemblies",
            13,
        )
        navigation.register_manage(
            section, _("Bodies and mandates"), "governance:bodies", "governance.manage_bodies", 14
        )
        navigation.register_manage(
            section,
            _("Declarations"),
            "governance:declarations",
            "governance.view_declarations",
            15,
        )
        navigation.register_manage(
            section, _("Bylaws policy"), "governance:policy", "governance.view_policy", 16
        )
        navigation.register_home_block("governance/includes/home_block.html", home.home_context, 40)
        privacy.register_exporter("governance", gov_privacy.export)
        privacy.register_eraser("governance", gov_privacy.erase)
        scheduling.register_periodic(
            "governance.close_due_board_votes", 3600, tasks.close_due_board_votes
        )
        scheduling.register_periodic(
            "governance.declaration_reminders", 7 * 86400, tasks.declaration_reminders
        )
