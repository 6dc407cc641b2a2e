"""Staff screens: members list and detail with life-cycle acts, categories, dues call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from guild.members import selectors
from guild.members.constants import MembershipStatus
from guild.members.dues_call import dues_call_progress, memberships_due
from guild.members.forms_staff import (
    ACTS,
    CategoryForm,
    DuesCallForm,
    MemberFilterForm,
    ReminderStepForm,
    TransitionForm,
    allowed_acts,
)
from guild.members.models import DuesCallRun, DuesReminderStep, Membership, MembershipCategory
from guild.members.services import (
    category_delete,
    category_save,
    category_set_active,
    dues_call_launch,
    membership_transition,
    reminder_step_add,
    reminder_step_remove,
)

PAGE_SIZE = 50


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _status_label(code: str) -> str:
    return str(MembershipStatus(code).label) if code in MembershipStatus.values else code


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- members ----------------------------------------------------------------------------------


@login_required
def member_list(request):
    _require(request, "members.manage_members")
    form = MemberFilterForm(request.GET or None, sectors=selectors.sector_choices())
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.member_list(
        search=filters.get("q", ""),
        kind=filters.get("kind", ""),
        category=filters.get("category", ""),
        status=filters.get("status", ""),
        departement=filters.get("departement", ""),
        sector=filters.get("sector", ""),
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/staff/member_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def member_detail(request, pk):
    _require(request, "members.manage_members")
    try:
        membership = selectors.member_detail(pk)
    except Membership.DoesNotExist:
        from django.http import Http404

        raise Http404 from None
    from guild.billing.models import Invoice

    holder_filter = (
        {"organisation_id": membership.organisation_id}
        if membership.organisation_id
        else {"person_id": membership.person_id}
    )
    acts = allowed_acts(membership)
    forms = {act: TransitionForm(membership=membership, initial={"act": act}) for act in acts}
    return render(
        request,
        "members/staff/member_detail.html",
        {
            "membership": membership,
            "holder": membership.holder,
            "history": [
                (event, _status_label(event.from_status), _status_label(event.to_status))
                for event in selectors.membership_history(membership)
            ],
            "others": selectors.holder_memberships(membership).exclude(pk=membership.pk),
            "member_since": selectors.member_since(membership),
            "seats": selectors.membership_seats(membership) if membership.organisation_id else [],
            "invoices": Invoice.objects.filter(**holder_filter).order_by("-issued_on", "-pk")[:20],
            "acts": [(act, forms[act]) for act in acts],
        },
    )


ACT_MESSAGES = {
    "resign": gettext_lazy("The resignation has been recorded."),
    "exclude": gettext_lazy("The exclusion has been recorded."),
    "reinstate": gettext_lazy("The membership has been reinstated."),
}


@login_required
@require_POST
def member_transition(request, pk):
    _require(request, "members.manage_members")
    membership = get_object_or_404(Membership, pk=pk)
    form = TransitionForm(request.POST, membership=membership)
    if form.is_valid():
        act = form.cleaned_data["act"]
        try:
            membership_transition(
                actor=request.user,
                membership=membership,
                to_status=ACTS[act],
                reason=form.cleaned_data.get("reason", ""),
                at=form.at,
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, str(ACT_MESSAGES[act]))
    else:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors))
    return redirect("members:staff_member", pk=membership.pk)


# --- categories -------------------------------------------------------------------------------


@login_required
def category_list(request):
    _require(request, "members.manage_members")
    from django.db.models import Count

    categories = MembershipCategory.objects.select_related("college").annotate(
        used=Count("memberships")
    )
    return render(request, "members/staff/category_list.html", {"categories": categories})


@login_required
def category_edit(request, pk=None):
    _require(request, "members.manage_members")
    category = get_object_or_404(MembershipCategory, pk=pk) if pk else None
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        fresh = MembershipCategory.objects.get(pk=pk) if pk else None
        try:
            saved = category_save(actor=request.user, category=fresh, data=form.service_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The category “%(name)s” has been saved.") % {"name": saved.name}
            )
            return redirect("members:staff_categories")
    return render(request, "members/staff/category_form.html", {"form": form, "category": category})


@login_required
@require_POST
def category_action(request, pk, action):
    _require(request, "members.manage_members")
    category = get_object_or_404(MembershipCategory, pk=pk)
    try:
        if action == "delete":
            category_delete(actor=request.user, category=category)
            messages.success(request, _("The category has been deleted."))
        elif action in {"deactivate", "activate"}:
            category_set_active(actor=request.user, category=category, active=action == "activate")
            messages.success(request, _("The category has been updated."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("members:staff_categories")


# --- dues call and reminders ------------------------------------------------------------------


@login_required
def dues_overview(request):
    _require(request, "members.run_dues_call")
    year = timezone.localdate().year
    form = DuesCallForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            run = dues_call_launch(actor=request.user, year=form.cleaned_data["year"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("members:staff_dues_run", pk=run.pk)
    return render(
        request,
        "members/staff/dues_overview.html",
        {
            "form": form,
            "year": year,
            "due": memberships_due(year).count(),
            "runs": DuesCallRun.objects.all()[:10],
            "steps": [
                (step, abs(step.offset_days))
                for step in DuesReminderStep.objects.filter(active=True)
            ],
            "step_form": ReminderStepForm(),
        },
    )


@login_required
def dues_run(request, pk):
    _require(request, "members.run_dues_call")
    run = get_object_or_404(DuesCallRun, pk=pk)
    context = dues_call_progress(run)
    template = "members/staff/dues_run.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, context)


@login_required
@require_POST
def reminder_add(request):
    _require(request, "members.run_dues_call")
    form = ReminderStepForm(request.POST)
    if form.is_valid():
        try:
            reminder_step_add(actor=request.user, offset_days=form.cleaned_data["offset_days"])
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The reminder has been added to the schedule."))
    else:
        messages.error(request, " ".join(form.errors.get("offset_days", [])))
    return redirect("members:staff_dues")


@login_required
@require_POST
def reminder_remove(request, pk):
    _require(request, "members.run_dues_call")
    step = get_object_or_404(DuesReminderStep, pk=pk)
    reminder_step_remove(actor=request.user, step=step)
    messages.success(request, _("The reminder has been removed from the schedule."))
    return redirect("members:staff_dues")
