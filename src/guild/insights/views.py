"""Pages of the insights app: board dashboard, import, settings, PDF report, exports, public."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.core.pdf import render_pdf
from guild.core.spreadsheets import XLSX_CONTENT_TYPE
from guild.insights import charts, independence, selectors, services, tables
from guild.insights.forms import ImportForm, SettingsForm
from guild.insights.models import Baseline


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _baseline_from(request) -> Baseline | None:
    pk = request.GET.get("baseline")
    if pk:
        if not pk.isdigit():
            raise Http404
        return get_object_or_404(Baseline, pk=pk, status=Baseline.Status.SUCCEEDED)
    return selectors.current_baseline()


def chart_set(figures: dict, indep: dict) -> dict:
    """The SVG charts of a set of figures (shared by the dashboard, public page and PDF)."""
    result = {}
    if figures.get("baseline") is not None:
        result["departements"] = charts.bar_chart(
            [(row["label"], row["share"]) for row in figures["by_departement"]],
            title=_("Share of the digital establishments represented, by département"),
            unit=" %",
            max_value=100,
        )
        result["jobs"] = charts.bar_chart(
            [(row["label"], row["jobs_share"]) for row in figures["by_departement"]],
            title=_("Share of the estimated jobs represented, by département"),
            unit=" %",
            max_value=100,
        )
        result["naf"] = charts.bar_chart(
            [(row["label"], row["share"]) for row in figures["by_naf"]],
            title=_("Share represented, by activity"),
            unit=" %",
            max_value=100,
        )
        result["headcount"] = charts.bar_chart(
            [(row["label"], row["share"]) for row in figures["by_headcount"]],
            title=_("Share represented, by headcount band"),
            unit=" %",
            max_value=100,
        )
    if figures.get("growth"):
        result["growth"] = charts.line_chart(
            [(row["month"].strftime("%m/%y"), row["active"]) for row in figures["growth"][-24:]],
            title=_("Active memberships"),
        )
    if indep.get("by_year"):
        result["public_share"] = charts.line_chart(
            [(str(row["year"]), row["public_share"]) for row in indep["by_year"]],
            title=_("Share of public money in revenue"),
            unit=" %",
            reference=float(indep["ceiling"]) if indep["ceiling"] is not None else None,
            reference_label=_("ceiling"),
        )
    return result


@login_required
def dashboard(request):
    _require(request, "insights.view_dashboard")
    baseline = _baseline_from(request)
    figures = selectors.representativeness(baseline)
    indep = independence.independence_figures()
    return render(
        request,
        "insights/dashboard.html",
        {
            "figures": figures,
            "indep": indep,
            "charts": chart_set(figures, indep),
            "revenue_labels": tables.REVENUE_LABELS,
            "baselines": selectors.baseline_list().filter(status=Baseline.Status.SUCCEEDED)[:20],
        },
    )


@login_required
def baseline_import(request):
    _require(request, "insights.import_baseline")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        baseline = services.baseline_import(
            actor=request.user,
            raw=upload.file,
            source_name=upload.name,
            stock_date=form.cleaned_data["stock_date"],
        )
        if baseline.status == Baseline.Status.SUCCEEDED:
            messages.success(
                request,
                _(
                    "Import done: %(kept)s establishments kept out of %(read)s rows read. "
                    "This baseline is now the current one."
                )
                % {"kept": baseline.rows_kept, "read": baseline.rows_read},
            )
        else:
            messages.error(
                request,
                _("The file was refused; the previous baseline stays in force. See the report."),
            )
        return redirect("insights:baseline", pk=baseline.pk)
    return render(
        request,
        "insights/import.html",
        {
            "form": form,
            "baselines": selectors.baseline_list()[:50],
            "settings": selectors.get_settings(),
        },
    )


@login_required
def baseline_detail(request, pk: int):
    _require(request, "insights.view_dashboard")
    baseline = get_object_or_404(Baseline.objects.select_related("imported_by"), pk=pk)
    return render(request, "insights/baseline.html", {"baseline": baseline})


@login_required
def settings_edit(request):
    _require(request, "insights.change_settings")
    current = selectors.get_settings()
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.settings_update(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("insights:settings")
    return render(request, "insights/settings.html", {"form": form})


def report_context(baseline: Baseline | None) -> dict:
    figures = selectors.representativeness(baseline, communes_limit=15)
    indep = independence.independence_figures()
    return {
        "figures": figures,
        "indep": indep,
        "charts": chart_set(figures, indep),
        "generated_at": timezone.now(),
        "settings": selectors.get_settings(),
        "revenue_labels": tables.REVENUE_LABELS,
    }


@login_required
def report_pdf(request):
    _require(request, "insights.view_dashboard")
    baseline = _baseline_from(request)
    if baseline is None:
        messages.error(request, _("Import a Sirene file first: the report needs a baseline."))
        return redirect("insights:dashboard")
    pdf = render_pdf("insights/pdf/report.html", report_context(baseline))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="filiere-numerique-baseline-{baseline.pk}.pdf"'
    )
    return response


@login_required
def export(request, name: str, fmt: str):
    _require(request, "insights.view_dashboard")
    if name not in tables.TABLE_NAMES or fmt not in ("csv", "xlsx"):
        raise Http404
    table = tables.build(name, _baseline_from(request))
    if fmt == "csv":
        response = HttpResponse(tables.to_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(tables.to_xlsx(table), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def public_figures(request):
    config = selectors.get_settings()
    baseline = selectors.current_baseline()
    figures = selectors.representativeness(baseline, communes_limit=0)
    indep = independence.independence_figures() if config.publish_independence else {}
    shown = chart_set(figures, indep)
    return render(
        request,
        "insights/public.html",
        {"config": config, "figures": figures, "indep": indep, "charts": shown},
    )


def independence_statement(request):
    config = selectors.get_settings()
    if not config.publish_independence:
        raise Http404
    indep = independence.independence_figures()
    return render(
        request,
        "insights/independence.html",
        {
            "indep": indep,
            "charts": chart_set({}, indep),
            "config": config,
            "revenue_labels": tables.REVENUE_LABELS,
        },
    )
