from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from guild.core import spreadsheets
from guild.outreach.forms import ImportForm
from guild.outreach.imports import export_rows, import_contacts
from guild.outreach.views.manage import staff_required


@staff_required
def import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_contacts(
            actor=request.user,
            name=upload.name,
            content=upload.read(),
            dry_run=form.cleaned_data["dry_run"],
        )
    return render(request, "outreach/manage/import.html", {"form": form, "report": report})


@staff_required
def export_view(request, fmt):
    if fmt == "csv":
        return spreadsheets.csv_response(export_rows(), "contacts.csv")
    if fmt == "xlsx":
        return spreadsheets.xlsx_response("contacts", export_rows(), "contacts.xlsx")
    raise Http404
