import rules

from guild.core.permissions import is_treasurer


@rules.predicate
def is_authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def is_invoice_customer(user, invoice) -> bool:
    if invoice is None:
        return False
    from guild.billing.selectors import invoices_of_user

    return invoices_of_user(user).filter(pk=invoice.pk).exists()


rules.add_perm("billing.manage_billing", is_treasurer)
rules.add_perm("billing.view_invoice", is_treasurer | is_invoice_customer)
rules.add_perm("billing.view_own_invoices", is_authenticated)
