"""Staff screens: import members (upload, mapping and preview, dry run, import) and export
them (CSV for French Excel, XLSX)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.core import spreadsheets
from guild.members.exports import members_csv, members_xlsx
from guild.members.imports.formats import FIELDS, TEMPLATE_EXAMPLE, TEMPLATE_HEADERS
from guild.members.imports.forms import MappingForm, UploadForm
from guild.members.imports.parsing import TableError
from guild.members.imports.services import import_batch_create, import_preview, members_import
from guild.members.models import ImportBatch, Membership

PERMISSION = "members.import_members"


def _check(request, fmt: str = "csv"):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if fmt not in {"csv", "xlsx"}:
        raise Http404


@login_required
def import_start(request):
    _check(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = import_batch_create(
                actor=request.user,
                uploaded_file=form.cleaned_data["file"],
                default_category=form.cleaned_data["default_category"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("members:import_mapping", pk=batch.pk)
    batches = ImportBatch.objects.select_related("actor")[:20]
    return render(request, "members/io/upload.html", {"form": form, "batches": batches})


@login_required
def import_template(request, fmt):
    _check(request, fmt)
    if fmt == "xlsx":
        response = HttpResponse(
            spreadsheets.xlsx_bytes(_("Members"), [TEMPLATE_HEADERS, TEMPLATE_EXAMPLE]),
            content_type=spreadsheets.XLSX_CONTENT_TYPE,
        )
    else:
        response = HttpResponse(
            spreadsheets.csv_bytes([TEMPLATE_HEADERS, TEMPLATE_EXAMPLE]),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="modele-adherents.{fmt}"'
    return response


def _preview_rows(preview, mapping):
    """The first rows as the import will read them: one cell per mapped field."""
    fields = [key for key in FIELDS if key in mapping]
    rows = []
    for line, cells in preview["rows"]:
        values = []
        for key in fields:
            index = mapping[key]
            value = cells[index] if index < len(cells) else ""
            values.append("" if value is None else value)
        rows.append((line, values))
    return [FIELDS[key] for key in fields], rows


@login_required
def import_mapping(request, pk):
    _check(request)
    batch = get_object_or_404(ImportBatch.objects.select_related("default_category"), pk=pk)
    try:
        preview = import_preview(batch)
    except TableError as error:
        messages.error(request, str(error))
        return redirect("members:import_start")
    initial = {f"map_{key}": str(index) for key, index in batch.mapping.items()}
    initial.update(source_format=batch.source_format, default_category=batch.default_category_id)
    form = MappingForm(request.POST or None, headers=preview["headers"], initial=initial)
    result = None
    if request.method == "POST" and form.is_valid():
        dry_run = request.POST.get("action") != "import"
        batch.source_format = form.cleaned_data["source_format"]
        batch.default_category = form.cleaned_data["default_category"]
        result = members_import(
            actor=request.user, batch=batch, mapping=form.mapping(), dry_run=dry_run
        )
        if result.ok and not dry_run:
            messages.success(request, _("The import is done."))
            return redirect("members:import_result", pk=batch.pk)
        mapping = batch.mapping
    else:
        mapping = batch.mapping
    columns, rows = _preview_rows(preview, mapping)
    already = (
        ImportBatch.objects.filter(file_hash=batch.file_hash, status=ImportBatch.Status.IMPORTED)
        .exclude(pk=batch.pk)
        .order_by("-imported_at")
        .first()
    )
    return render(
        request,
        "members/io/mapping.html",
        {
            "batch": batch,
            "form": form,
            "preview": preview,
            "columns": columns,
            "rows": rows,
            "result": result,
            "already": already,
        },
    )


@login_required
def import_result(request, pk):
    _check(request)
    batch = get_object_or_404(ImportBatch.objects.all(), pk=pk)
    ids = [o["membership"] for o in batch.outcomes if o.get("membership")][:200]
    memberships = Membership.objects.filter(pk__in=ids).select_related(
        "category", "organisation", "person"
    )
    return render(request, "members/io/result.html", {"batch": batch, "memberships": memberships})


@login_required
def export_members(request, fmt):
    _check(request, fmt)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response = HttpResponse(members_xlsx(), content_type=spreadsheets.XLSX_CONTENT_TYPE)
    else:
        response = StreamingHttpResponse(members_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="adherents-{stamp}.{fmt}"'
    return response
