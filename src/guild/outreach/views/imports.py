from __future__ import annotations

import csv
import io

from django.http import Http404, HttpResponse
from django.shortcuts import render

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
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        for row in export_rows():
            writer.writerow(row)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("contacts")
        for row in export_rows():
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="contacts.{fmt}"'
    return response
