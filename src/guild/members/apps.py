from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "guild.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self):
        from guild.billing.hooks import register_paid_handler
        from guild.core.navigation import register_public
        from guild.core.privacy import register_eraser, register_exporter
        from guild.core.scheduling import register_periodic
        from guild.members import privacy, services

        register_paid_handler(services.DUES_SOURCE, services.membership_dues_paid)
        register_periodic("members.lapse_overdue", 24 * 3600, services.memberships_lapse_overdue)
        register_exporter("members", privacy.export_user)
        register_eraser("members", privacy.erase_user)
        register_public(
            _("My membership"),
            "members:my_membership",
            order=60,
            permission="members.view_own_membership",
        )
        register_public(_("Become a member"), "members:apply", order=59)
        register_public(_("Our members"), "members:list", order=58)
        from guild.core.navigation import register_manage

        register_manage(
            _("Members"),
            _("Applications"),
            "members:applications",
            "members.manage_members",
            order=10,
        )
        register_manage(
            _("Members"),
            _("Import and export"),
            "members:import_start",
            "members.import_members",
            order=12,
        )
        # Staff screens (views_staff.py) and the dues reminders.
        from guild.members import dues_call

        register_periodic("members.dues_reminders", 24 * 3600, dues_call.dues_reminders_send)
        from guild.members.imports.services import import_files_purge

        register_periodic("members.import_files_purge", 24 * 3600, import_files_purge)
        register_manage(
            _("Members"), _("Members"), "members:staff_members", "members.manage_members", order=5
        )
        register_manage(
            _("Members"),
            _("Membership categories"),
            "members:staff_categories",
            "members.manage_members",
            order=20,
        )
        register_manage(
            _("Members"),
            _("Dues call and reminders"),
            "members:staff_dues",
            "members.run_dues_call",
            order=30,
        )
