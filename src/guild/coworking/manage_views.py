"""The space manager's screens outside the Django admin: spaces (address, opening hours,
closures), resources (kind, capacity, equipment, rates), plans, and a day overview."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.core.shortcuts import get_posted_or_404
from guild.coworking import manage_services as services
from guild.coworking.manage_forms import (
    ClosureForm,
    OpeningHoursForm,
    PlanForm,
    ResourceForm,
    SpaceForm,
)
from guild.coworking.models import HOLDING, Booking, Closure, OpeningHours, Plan, Resource, Space


def _manager(request) -> None:
    if not request.user.has_perm("coworking.manage_space"):
        raise PermissionDenied


@login_required
def spaces(request):
    _manager(request)
    rows = Space.objects.annotate(
        resource_count=Count("resources", distinct=True), plan_count=Count("plans", distinct=True)
    ).order_by("name")
    return render(request, "coworking/manage/spaces.html", {"spaces": rows})


@login_required
def space_edit(request, pk: int | None = None):
    _manager(request)
    space = get_object_or_404(Space, pk=pk) if pk else None
    action = request.POST.get("action", "space") if request.method == "POST" else ""
    form = SpaceForm(request.POST if action == "space" else None, instance=space)
    hours_form = OpeningHoursForm(
        request.POST if action == "hours" else None, space=space, prefix="hours"
    )
    closure_form = ClosureForm(request.POST if action == "closure" else None, prefix="closure")
    status = 200
    if action == "space":
        if form.is_valid():
            space = services.space_save(actor=request.user, form=form)
            messages.success(request, _("Space saved."))
            return redirect("coworking:manage_space", pk=space.pk)
        status = 400
    elif space is not None and action == "hours":
        if hours_form.is_valid():
            services.opening_hours_save(actor=request.user, form=hours_form, space=space)
            messages.success(request, _("Opening hours saved."))
            return redirect("coworking:manage_space", pk=space.pk)
        status = 400
    elif space is not None and action == "closure":
        if closure_form.is_valid():
            services.closure_save(actor=request.user, form=closure_form, space=space)
            messages.success(request, _("Closure saved."))
            return redirect("coworking:manage_space", pk=space.pk)
        status = 400
    elif space is not None and action == "delete_hours":
        hours = get_posted_or_404(OpeningHours, request.POST.get("id"), space=space)
        services.opening_hours_delete(actor=request.user, hours=hours)
        messages.success(request, _("Opening hours removed."))
        return redirect("coworking:manage_space", pk=space.pk)
    elif space is not None and action == "delete_closure":
        closure = get_posted_or_404(Closure, request.POST.get("id"), space=space)
        services.closure_delete(actor=request.user, closure=closure)
        messages.success(request, _("Closure removed."))
        return redirect("coworking:manage_space", pk=space.pk)
    context = {"space": space, "form": form, "hours_form": hours_form}
    if space is not None:
        context.update(
            closure_form=closure_form,
            hours=space.opening_hours.all(),
            closures=space.closures.filter(date_to__gte=timezone.localdate()),
            resources=space.resources.all(),
            plans=space.plans.all(),
        )
    return render(request, "coworking/manage/space.html", context, status=status)


def _edit(request, *, space_pk, model, form_class, pk, save, title_new, saved):
    _manager(request)
    space = get_object_or_404(Space, pk=space_pk)
    instance = get_object_or_404(model, pk=pk, space=space) if pk else None
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        save(actor=request.user, form=form, space=space)
        messages.success(request, saved)
        return redirect("coworking:manage_space", pk=space.pk)
    return render(
        request,
        "coworking/manage/edit.html",
        {"space": space, "form": form, "title": str(instance) if instance else title_new},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def resource_edit(request, space_pk: int, pk: int | None = None):
    return _edit(
        request,
        space_pk=space_pk,
        model=Resource,
        form_class=ResourceForm,
        pk=pk,
        save=services.resource_save,
        title_new=_("New resource"),
        saved=_("Resource saved."),
    )


@login_required
def plan_edit(request, space_pk: int, pk: int | None = None):
    return _edit(
        request,
        space_pk=space_pk,
        model=Plan,
        form_class=PlanForm,
        pk=pk,
        save=services.plan_save,
        title_new=_("New plan"),
        saved=_("Plan saved."),
    )


@login_required
def day_overview(request):
    """Every resource of every space with its bookings of the day (two queries)."""
    _manager(request)
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = start + timedelta(days=1)
    bookings = (
        Booking.objects.filter(start__lt=end, end__gt=start, status__in=HOLDING)
        .select_related("user")
        .order_by("start")
    )
    resources = (
        Resource.objects.select_related("space")
        .prefetch_related(Prefetch("bookings", queryset=bookings, to_attr="day_bookings"))
        .order_by("space__name", "position", "name")
    )
    return render(
        request,
        "coworking/manage/day.html",
        {
            "day": day,
            "resources": resources,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
        },
    )
