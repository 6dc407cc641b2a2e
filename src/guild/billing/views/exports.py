"""Accounting exports (treasurer): journal entries as CSV, invoice list as XLSX."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from guild.billing.exports import invoices_xlsx, journal_csv, journal_entries
from guild.billing.forms import ExportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def export(request):
    if not request.user.has_perm("billing.manage_billing"):
        raise PermissionDenied
    today = timezone.localdate()
    kind = request.GET.get("format")
    form = ExportForm(
        request.GET if kind else None,
        initial={"start": date(today.year, 1, 1), "end": today},
    )
    if kind and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        suffix = f"{start:%Y%m%d}-{end:%Y%m%d}"
        if kind == "xlsx":
            response = HttpResponse(invoices_xlsx(start=start, end=end), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="factures-{suffix}.xlsx"'
            return response
        if kind == "csv":
            content = journal_csv(journal_entries(start=start, end=end))
            response = HttpResponse(content, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="ecritures-{suffix}.csv"'
            return response
    return render(request, "billing/manage/export.html", {"form": form})
