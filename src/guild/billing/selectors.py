"""Reads on billing: invoices of a customer, revenue by source, share of public money."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from guild.billing.models import ZERO, CreditNote, Invoice, OtherIncome, Payment, RevenueSource


def invoices_list() -> QuerySet[Invoice]:
    return Invoice.objects.select_related("organisation", "person")


def invoice_detail(pk: int) -> Invoice:
    return (
        Invoice.objects.select_related("organisation", "person")
        .prefetch_related("lines", "payments", "credit_notes")
        .get(pk=pk)
    )


def invoices_of_user(user) -> QuerySet[Invoice]:
    """Invoices addressed to the user's person, or to organisations whose seats they manage."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return Invoice.objects.none()
    managed = Q(
        organisation__memberships__seats__person=person,
        organisation__memberships__seats__role="manager",
        organisation__memberships__seats__removed_at__isnull=True,
    )
    ids = Invoice.objects.filter(Q(person=person) | managed).values("pk")
    return invoices_list().filter(pk__in=ids)


def payments_list() -> QuerySet[Payment]:
    return Payment.objects.select_related("invoice", "recorded_by")


def revenue_by_source(*, start: date, end: date) -> dict[str, Decimal]:
    """Net revenue between ``start`` and ``end`` (inclusive) by source, every source present.

    Issued invoices count at their issue date (excluding VAT), credit notes are subtracted at
    their own issue date, income without an invoice counts at its date.
    """
    result = dict.fromkeys(RevenueSource.values, ZERO)
    rows = (
        Invoice.objects.filter(issued_on__range=(start, end))
        .values("revenue_source")
        .annotate(total=Sum("total_net"))
    )
    for row in rows:
        result[row["revenue_source"]] += row["total"] or ZERO
    rows = (
        CreditNote.objects.filter(issued_on__range=(start, end))
        .values("invoice__revenue_source")
        .annotate(total=Sum("total_net"))
    )
    for row in rows:
        result[row["invoice__revenue_source"]] -= row["total"] or ZERO
    rows = (
        OtherIncome.objects.filter(received_on__range=(start, end))
        .values("revenue_source")
        .annotate(total=Sum("amount"))
    )
    for row in rows:
        result[row["revenue_source"]] += row["total"] or ZERO
    return {key: Decimal(value).quantize(Decimal("0.01")) for key, value in result.items()}


def public_money_share(*, start: date, end: date) -> Decimal:
    """Percentage (0-100, two decimals) of public grants in the period's total revenue."""
    revenue = revenue_by_source(start=start, end=end)
    total = sum(revenue.values(), ZERO)
    if total <= 0:
        return ZERO
    return (revenue[RevenueSource.PUBLIC_GRANT] * 100 / total).quantize(Decimal("0.01"))


def balance_due_total(queryset: QuerySet[Invoice]) -> Decimal:
    agg = queryset.filter(status=Invoice.Status.ISSUED).aggregate(
        gross=Sum("total_gross"), paid=Sum("amount_paid"), credited=Sum("amount_credited")
    )
    return (agg["gross"] or ZERO) - (agg["paid"] or ZERO) - (agg["credited"] or ZERO)


def mandates_list() -> QuerySet:
    from guild.billing.models import SepaMandate

    return SepaMandate.objects.select_related("organisation", "person")


def batches_list() -> QuerySet:
    from django.db.models import Count

    from guild.billing.models import SepaBatch

    return SepaBatch.objects.annotate(item_count=Count("items"))
