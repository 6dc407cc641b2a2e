from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "guild.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self):
        from guild.billing.privacy import export_user
        from guild.core.navigation import register_manage, register_public
        from guild.core.privacy import register_exporter

        register_exporter("billing", export_user)
        register_public(
            _("My invoices"),
            "billing:my_invoices",
            order=61,
            permission="billing.view_own_invoices",
        )
        register_manage(
            _("Billing"), _("Invoices"), "billing:invoice_list", "billing.manage_billing", order=10
        )
        register_manage(
            _("Billing"),
            _("Direct debits (SEPA)"),
            "billing:batch_list",
            "billing.manage_billing",
            order=11,
        )
        register_manage(
            _("Billing"),
            _("Accounting export"),
            "billing:export",
            "billing.manage_billing",
            order=12,
        )
