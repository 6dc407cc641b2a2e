from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guild.billing import selectors
from guild.billing.documents import invoice_pdf
from guild.billing.forms import PaymentForm
from guild.billing.models import Invoice
from guild.billing.services import payment_record


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
def invoice_list(request):
    _require(request, "billing.manage_billing")
    invoices = selectors.invoices_list()
    query = request.GET.get("q", "").strip()
    if query:
        invoices = invoices.filter(number__icontains=query) | invoices.filter(
            customer_name__icontains=query
        )
    page = Paginator(invoices, 50).get_page(request.GET.get("page"))
    return render(request, "billing/manage/invoice_list.html", {"page": page, "q": query})


@login_required
def invoice_detail(request, pk):
    _require(request, "billing.manage_billing")
    invoice = get_object_or_404(Invoice.objects.all(), pk=pk)
    invoice = selectors.invoice_detail(invoice.pk)
    form = PaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            payment_record(actor=request.user, invoice=invoice, **form.cleaned_data)
        except ValidationError as error:
            if invoice.status != Invoice.Status.ISSUED:
                # Paid or credited meanwhile (double submission): the form is no longer shown.
                messages.error(request, error.messages[0])
                return redirect("billing:invoice_detail", pk=invoice.pk)
            form.add_error(None, error)
        else:
            messages.success(request, _("Payment recorded."))
            return redirect("billing:invoice_detail", pk=invoice.pk)
    return render(request, "billing/manage/invoice_detail.html", {"invoice": invoice, "form": form})


@login_required
def invoice_download(request, pk):
    invoice = get_object_or_404(Invoice.objects.all(), pk=pk)
    _require(request, "billing.view_invoice", invoice)
    pdf = invoice_pdf(invoice, language=get_language() or "fr")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
    return response
