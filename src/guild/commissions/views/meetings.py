"""Meeting pages: schedule, notice, attendance, minutes and actions from the minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.commissions import ics, selectors, services
from guild.commissions.forms import (
    ActionForm,
    AttendanceForm,
    MeetingForm,
    MinutesForm,
    commission_people,
)
from guild.commissions.models import Meeting
from guild.commissions.views.commissions import _commission
from guild.commissions.views.common import apply_errors, error_text, refusals, require


def _meeting(request, pk) -> Meeting:
    try:
        meeting = selectors.meeting_detail(pk)
    except Meeting.DoesNotExist:
        from django.http import Http404

        raise Http404 from None
    require(request, "commissions.view_meeting", meeting.commission)
    return meeting


def meeting_list(request, slug):
    commission = _commission(request, slug)
    return render(
        request,
        "commissions/meetings.html",
        {
            "commission": commission,
            "meetings": selectors.commission_meetings(commission),
            "can_manage": request.user.has_perm("commissions.change_meeting", commission),
        },
    )


@login_required
@refusals
def meeting_edit(request, slug, pk=None):
    commission = _commission(request, slug)
    meeting = get_object_or_404(Meeting, pk=pk, commission=commission) if pk else None
    if not request.user.has_perm("commissions.change_meeting", commission):
        raise services.NotAllowed(services.base.NOT_A_CHAIR)
    initial = MeetingForm.initial_for(meeting) if meeting else {"title": _("Commission meeting")}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_save(
                actor=request.user, commission=commission, meeting=meeting, **form.service_kwargs()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect(meeting)
    return render(
        request,
        "commissions/form.html",
        {
            "form": form,
            "commission": commission,
            "title": _("Edit the meeting") if meeting else _("New meeting"),
        },
    )


def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    commission = meeting.commission
    can_manage = request.user.has_perm("commissions.change_meeting", commission)
    context = {"meeting": meeting, "commission": commission, "can_manage": can_manage}
    if can_manage:
        people = list(commission_people(commission))
        current = {a.user_id: a.status for a in meeting.attendances.all()}
        context.update(
            {
                "attendance_form": AttendanceForm(people=people, current=current),
                "minutes_form": MinutesForm(
                    initial={
                        "minutes": meeting.minutes,
                        "decisions": "\n".join(d.text for d in meeting.decisions.all()),
                        "publish": bool(meeting.minutes_published_at),
                    }
                ),
                "action_form": ActionForm(
                    commission=commission, prefix="act", initial={"status": "planned"}
                ),
            }
        )
    return render(request, "commissions/meeting_detail.html", context)


@login_required
@require_POST
@refusals
def meeting_convocation(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("commission"), pk=pk)
    try:
        count = services.meeting_send_convocation(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("The notice is being sent to %(count)s member(s).") % {"count": count}
        )
    return redirect(meeting)


@login_required
@require_POST
@refusals
def meeting_attendance(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("commission"), pk=pk)
    people = list(commission_people(meeting.commission))
    form = AttendanceForm(request.POST, people=people, current={})
    if form.is_valid():
        services.attendance_record(actor=request.user, meeting=meeting, statuses=form.statuses())
        messages.success(request, _("Attendance has been recorded."))
    return redirect(meeting)


@login_required
@require_POST
@refusals
def meeting_minutes(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("commission"), pk=pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_save(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The minutes have been saved."))
    return redirect(meeting)


@login_required
@refusals
def meeting_action_create(request, pk):
    meeting = _meeting(request, pk)
    commission = meeting.commission
    if not request.user.has_perm("commissions.change_meeting", commission):
        raise services.NotAllowed(services.base.NOT_A_CHAIR)
    form = ActionForm(request.POST or None, commission=commission, prefix="act")
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create_from_minutes(
                actor=request.user, meeting=meeting, **form.service_kwargs()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The action has been created from the minutes."))
            return redirect(action)
    return render(
        request,
        "commissions/form.html",
        {
            "form": form,
            "commission": commission,
            "title": _("New action from the minutes"),
        },
    )


def meeting_ics(request, pk):
    meeting = _meeting(request, pk)
    response = HttpResponse(
        ics.feed(meeting.commission.name, [meeting]), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response
