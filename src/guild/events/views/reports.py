"""Statistics, CSV/XLSX exports of attendees and the post-show report PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from guild.core import spreadsheets
from guild.core.pdf import render_pdf
from guild.events import selectors
from guild.events.charts import bar_chart, column_chart
from guild.events.models import Event

view_attendees = permission_required("events.view_attendees", raise_exception=True)


def _charts(event, stats) -> dict:
    def pairs(rows, key):
        return [(row[key], row["n"]) for row in rows]

    return {
        "by_day": mark_safe(
            column_chart(  # noqa: S308 - escaped in charts.py
                [(row["day"].strftime("%d/%m"), row["n"]) for row in stats["by_day"]],
                title=_("Registrations per day"),
            )
        ),
        "by_type": mark_safe(
            bar_chart(
                pairs(stats["by_type"], "ticket_type__name"),  # noqa: S308
                title=_("Registrations by ticket type"),
            )
        ),
        "by_sector": mark_safe(bar_chart(stats["by_sector"], title=_("By sector"))),  # noqa: S308
        "by_departement": mark_safe(
            bar_chart(  # noqa: S308
                stats["by_departement"], title=_("By département")
            )
        ),
        "by_company_size": mark_safe(
            bar_chart(  # noqa: S308
                stats["by_company_size"], title=_("By company size")
            )
        ),
    }


@login_required
@view_attendees
def statistics(request, pk):
    event = get_object_or_404(Event, pk=pk)
    stats = selectors.event_statistics(event)
    hours = [(cl, selectors.entries_per_hour(cl)) for cl in event.checkin_lists.all()]
    return render(
        request,
        "events/manage/stats.html",
        {"event": event, "stats": stats, "charts": _charts(event, stats), "hours": hours},
    )


COLUMNS = [
    "order",
    "status",
    "ticket_type",
    "first_name",
    "last_name",
    "email",
    "company",
    "job_title",
    "price",
    "registered_at",
    "share_with_exhibitors",
]


def _rows(event):
    queryset = selectors.registrations_for_event(event)
    keys = list(event.questions.values_list("key", flat=True))
    yield COLUMNS + keys
    for r in queryset.iterator(chunk_size=2000):
        answers = r.answers or {}
        yield [
            r.order.code,
            r.status,
            r.ticket_type.name,
            r.first_name,
            r.last_name,
            r.email,
            r.company,
            r.job_title,
            r.price,
            timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
            "1" if r.share_with_exhibitors else "0",
        ] + [", ".join(v) if isinstance(v := answers.get(k, ""), list) else str(v) for k in keys]


@login_required
@view_attendees
def export(request, pk, fmt):
    event = get_object_or_404(Event, pk=pk)
    name = f"inscrits-{event.slug}"
    if fmt == "xlsx":
        return spreadsheets.xlsx_response(_("Attendees"), _rows(event), f"{name}.xlsx")
    if fmt == "csv":
        return spreadsheets.csv_response(_rows(event), f"{name}.csv")
    raise Http404


@login_required
@view_attendees
def report_pdf(request, pk):
    event = get_object_or_404(Event, pk=pk)
    stats = selectors.event_statistics(event)
    lists = [(cl, selectors.checkin_counters(cl)) for cl in event.checkin_lists.all()]
    pdf = render_pdf(
        "events/pdf/report.html",
        {
            "event": event,
            "stats": stats,
            "charts": _charts(event, stats),
            "lists": lists,
            "generated_at": timezone.now(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bilan-{event.slug}.pdf"'
    return response
