"""Member side of an invoice (detail, pay online) and the payment provider's webhook."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from guild.billing import selectors
from guild.billing.models import Invoice
from guild.billing.online import online_payment_start, provider_notice_process
from guild.billing.providers import InvalidNotification, get_provider

logger = logging.getLogger(__name__)


@login_required
def my_invoices(request):
    invoices = selectors.invoices_of_user(request.user).order_by("-issued_on", "-number")
    return render(request, "billing/my_invoices.html", {"invoices": invoices})


@login_required
def invoice_show(request, pk):
    invoice = get_object_or_404(Invoice.objects.all(), pk=pk)
    if not request.user.has_perm("billing.view_invoice", invoice):
        raise PermissionDenied
    invoice = selectors.invoice_detail(invoice.pk)
    if request.GET.get("payment") == "done":
        messages.info(
            request,
            _("Thank you. Your payment will appear here as soon as the bank confirms it."),
        )
    elif request.GET.get("payment") == "cancelled":
        messages.warning(request, _("The online payment was cancelled; nothing was charged."))
    can_pay = (
        get_provider() is not None
        and invoice.status == Invoice.Status.ISSUED
        and invoice.balance_due > 0
        and not invoice.sepa_pending
    )
    return render(request, "billing/invoice_show.html", {"invoice": invoice, "can_pay": can_pay})


@login_required
@require_POST
def invoice_pay(request, pk):
    invoice = get_object_or_404(Invoice.objects.all(), pk=pk)
    if not request.user.has_perm("billing.view_invoice", invoice):
        raise PermissionDenied
    provider = get_provider()
    if provider is None:
        messages.error(request, _("Online payment is not available."))
        return redirect("billing:invoice_show", pk=pk)
    page = request.build_absolute_uri(reverse("billing:invoice_show", args=[pk]))
    try:
        url = online_payment_start(
            actor=request.user,
            invoice=invoice,
            provider=provider,
            success_url=f"{page}?payment=done",
            cancel_url=f"{page}?payment=cancelled",
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("billing:invoice_show", pk=pk)
    return redirect(url)


@csrf_exempt
@require_POST
def provider_webhook(request, provider_name):
    """Signed notifications of the payment provider; 400 (nothing written) when not genuine."""
    provider = get_provider()
    if provider is None or provider.name != provider_name:
        return HttpResponse(status=404)
    try:
        notice = provider.parse_notification(request.body, request.headers)
    except InvalidNotification as error:
        logger.warning("Refused %s webhook: %s", provider_name, error)
        return HttpResponseBadRequest(_("Invalid signature or payload."))
    outcome, detail = provider_notice_process(provider_name=provider.name, notice=notice)
    return JsonResponse({"outcome": outcome, "detail": str(detail)})
