from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "guild.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from guild.accounts import signals  # noqa: F401  (language on login)
        from guild.accounts.services import account_erase, account_export
        from guild.core.navigation import register_manage
        from guild.core.privacy import register_eraser, register_exporter

        register_exporter("accounts", account_export)
        register_eraser("accounts", account_erase)
        register_manage(_("Association"), _("Roles"), "accounts:roles", "accounts.manage_roles", 20)
