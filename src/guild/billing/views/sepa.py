"""Treasurer screens for SEPA direct debit: mandates and pain.008 batches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.billing import selectors
from guild.billing.forms import BatchForm, MandateForm
from guild.billing.models import SepaBatch, SepaMandate
from guild.billing.sepa import (
    batch_cancel,
    batch_collect,
    batch_create,
    creditor,
    dues_invoices,
    earliest_collection_date,
    mandate_record,
    mandate_revoke,
)


def _require(request):
    if not request.user.has_perm("billing.manage_billing"):
        raise PermissionDenied


@login_required
def mandate_list(request):
    _require(request)
    form = MandateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mandate_record(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Mandate recorded."))
            return redirect("billing:mandate_list")
    return render(
        request,
        "billing/manage/mandate_list.html",
        {"form": form, "mandates": selectors.mandates_list()},
    )


@login_required
@require_POST
def mandate_revoke_view(request, pk):
    _require(request)
    mandate = get_object_or_404(SepaMandate, pk=pk)
    try:
        mandate_revoke(actor=request.user, mandate=mandate)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Mandate %(rum)s revoked.") % {"rum": mandate.reference})
    return redirect("billing:mandate_list")


@login_required
def batch_list(request):
    _require(request)
    form = BatchForm(request.POST or None, initial={"collection_date": earliest_collection_date()})
    config_error = None
    try:
        creditor()
    except ValidationError as error:
        config_error = error.messages[0]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = batch_create(
                actor=request.user,
                invoices=dues_invoices(data["year"]),
                collection_date=data["collection_date"],
                label=data["label"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Batch created: download the file and send it to your bank."),
            )
            return redirect("billing:batch_detail", pk=batch.pk)
    return render(
        request,
        "billing/manage/batch_list.html",
        {"form": form, "batches": selectors.batches_list(), "config_error": config_error},
    )


@login_required
def batch_detail(request, pk):
    _require(request)
    batch = get_object_or_404(selectors.batches_list(), pk=pk)
    items = batch.items.select_related("invoice", "mandate")
    return render(request, "billing/manage/batch_detail.html", {"batch": batch, "items": items})


@login_required
def batch_download(request, pk):
    _require(request)
    batch = get_object_or_404(SepaBatch, pk=pk)
    response = HttpResponse(batch.xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{batch.message_id}.xml"'
    return response


@login_required
@require_POST
def batch_collect_view(request, pk):
    _require(request)
    batch = get_object_or_404(SepaBatch, pk=pk)
    rejected = request.POST.getlist("rejected")
    try:
        batch_collect(
            actor=request.user,
            batch=batch,
            rejected_item_ids=[value for value in rejected if value.isdigit()],
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Collection confirmed: the payments were recorded."))
    return redirect("billing:batch_detail", pk=pk)


@login_required
@require_POST
def batch_cancel_view(request, pk):
    _require(request)
    batch = get_object_or_404(SepaBatch, pk=pk)
    try:
        batch_cancel(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Batch cancelled: its invoices are open again."))
    return redirect("billing:batch_detail", pk=pk)
