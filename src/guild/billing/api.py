"""API: invoices, read-only. The treasurer sees every invoice; a member sees the invoices
addressed to them and to the organisations whose seats they manage; nobody else sees any."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from guild.api.params import choice_param
from guild.api.permissions import TokenScopes
from guild.billing import selectors
from guild.billing.models import Invoice, InvoiceLine, Payment


class InvoiceLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvoiceLine
        fields = [
            "label",
            "quantity",
            "unit_price",
            "vat_rate",
            "amount_net",
            "amount_vat",
            "amount_gross",
        ]


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["paid_on", "amount", "method"]


class InvoiceSerializer(serializers.ModelSerializer):
    balance_due = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    organisation = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    person = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    lines = InvoiceLineSerializer(many=True, read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "status",
            "issued_on",
            "due_date",
            "customer_name",
            "customer_email",
            "organisation",
            "person",
            "revenue_source",
            "total_net",
            "total_vat",
            "total_gross",
            "amount_credited",
            "amount_paid",
            "balance_due",
            "paid_at",
            "lines",
            "payments",
        ]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=Invoice.Status.values, description="Status.")
        ]
    )
)
class InvoiceViewSet(viewsets.ReadOnlyModelViewSet):
    """Invoices visible to the caller (``read`` scope). Filter with ``?status=issued``."""

    serializer_class = InvoiceSerializer
    permission_classes = [IsAuthenticated, TokenScopes]

    def get_queryset(self):
        user = self.request.user
        if user.has_perm("billing.manage_billing"):
            queryset = selectors.invoices_list()
        else:
            queryset = selectors.invoices_of_user(user)
        status = choice_param(self.request, "status", Invoice.Status.values)
        if status:
            queryset = queryset.filter(status=status)
        return queryset.prefetch_related("lines", "payments").order_by("-year", "-sequence")


def register(router):
    router.register("billing/invoices", InvoiceViewSet, basename="billing-invoice")
