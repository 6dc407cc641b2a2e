"""Commission pages: list, detail (public view too), edit, members, missions, board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.commissions import selectors, services
from guild.commissions.forms import CommissionForm, MemberAddForm, MissionForm, TransitionForm
from guild.commissions.models import Commission, Membership, Mission
from guild.commissions.services.actions import allowed_transitions
from guild.commissions.views.common import apply_errors, error_text, refusals, require


def _commission(request, slug: str) -> Commission:
    commission = get_object_or_404(Commission, slug=slug)
    require(request, "commissions.view_commission", commission)
    return commission


def commission_list(request):
    show_archived = request.GET.get("archived") == "1"
    commissions = selectors.commission_list(request.user, include_archived=show_archived)
    return render(
        request,
        "commissions/list.html",
        {
            "commissions": commissions,
            "show_archived": show_archived,
            "can_add": request.user.has_perm("commissions.add_commission"),
        },
    )


@login_required
@refusals
def commission_create(request):
    require(request, "commissions.add_commission")
    form = CommissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            commission = services.commission_create(
                actor=request.user, chairs=[request.user], **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The commission has been created; you chair it."))
            return redirect(commission)
    return render(
        request,
        "commissions/form.html",
        {
            "form": form,
            "title": _("New commission"),
            "back": "commissions:list",
        },
    )


def commission_detail(request, slug):
    commission = _commission(request, slug)
    user = request.user
    membership = None
    if user.is_authenticated:
        membership = Membership.objects.filter(commission=commission, user=user).first()
    return render(
        request,
        "commissions/detail.html",
        {
            "commission": commission,
            "missions": selectors.commission_missions(commission, user),
            "chairs": [m for m in selectors.commission_members(commission) if m.is_chair],
            "membership": membership,
            "meetings": selectors.upcoming_meetings(commission),
            "can_manage": user.has_perm("commissions.change_commission", commission),
            "can_contribute": user.has_perm("commissions.contribute", commission),
            "can_join": membership is None
            and user.has_perm("commissions.join_commission", commission),
            "members_only_join": membership is None
            and user.is_authenticated
            and not commission.is_archived
            and not user.has_perm("commissions.join_commission", commission),
        },
    )


@login_required
@refusals
def commission_edit(request, slug):
    commission = _commission(request, slug)
    require(request, "commissions.change_commission", commission)
    form = CommissionForm(request.POST or None, instance=commission)
    if request.method == "POST" and form.is_valid():
        try:
            services.commission_update(
                actor=request.user, commission=commission, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The commission has been saved."))
            return redirect(commission)
    return render(
        request,
        "commissions/form.html",
        {
            "form": form,
            "title": _("Edit the commission"),
            "commission": commission,
        },
    )


@login_required
@require_POST
@refusals
def commission_archive(request, slug):
    commission = _commission(request, slug)
    archived = request.POST.get("archived", "1") == "1"
    services.commission_archive(actor=request.user, commission=commission, archived=archived)
    messages.success(
        request,
        _("The commission has been archived.")
        if archived
        else _("The commission is active again."),
    )
    return redirect(commission)


@login_required
@require_POST
@refusals
def commission_join(request, slug):
    commission = _commission(request, slug)
    try:
        membership = services.commission_join(actor=request.user, commission=commission)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        if membership.status == Membership.Status.ACTIVE:
            messages.success(request, _("Welcome to the commission!"))
        else:
            messages.success(request, _("Your request has been sent to the chairs."))
    return redirect(commission)


@login_required
@require_POST
@refusals
def commission_leave(request, slug):
    commission = _commission(request, slug)
    membership = get_object_or_404(Membership, commission=commission, user=request.user)
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, _("You have left the commission."))
    return redirect(commission)


@login_required
@refusals
def commission_members(request, slug):
    commission = _commission(request, slug)
    require(request, "commissions.change_commission", commission)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.membership_add(
            actor=request.user,
            commission=commission,
            user=form.user,
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("The member list has been updated."))
        return redirect("commissions:members", slug=commission.slug)
    return render(
        request,
        "commissions/members.html",
        {
            "commission": commission,
            "memberships": selectors.commission_members(commission),
            "form": form,
            "roles": Membership.Role.choices,
        },
    )


@login_required
@require_POST
@refusals
def membership_action(request, slug, pk):
    commission = _commission(request, slug)
    membership = get_object_or_404(Membership, pk=pk, commission=commission)
    verb = request.POST.get("do")
    try:
        if verb in {"approve", "reject"}:
            services.membership_decide(
                actor=request.user, membership=membership, approve=verb == "approve"
            )
        elif verb == "remove":
            services.membership_remove(actor=request.user, membership=membership)
        elif verb == "role":
            services.membership_add(
                actor=request.user,
                commission=commission,
                user=membership.user,
                role=request.POST.get("role"),
            )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The member list has been updated."))
    return redirect("commissions:members", slug=commission.slug)


@login_required
@refusals
def mission_edit(request, slug, pk=None):
    commission = _commission(request, slug)
    mission = get_object_or_404(Mission, pk=pk, commission=commission) if pk else None
    require(request, "commissions.change_mission", commission)
    form = MissionForm(request.POST or None, instance=mission)
    if request.method == "POST" and form.is_valid():
        services.mission_save(
            actor=request.user, commission=commission, mission=mission, **form.cleaned_data
        )
        messages.success(request, _("The mission has been saved."))
        return redirect(commission)
    return render(
        request,
        "commissions/form.html",
        {
            "form": form,
            "commission": commission,
            "title": _("Edit the mission") if mission else _("New mission"),
        },
    )


def commission_board(request, slug):
    commission = _commission(request, slug)
    if not request.user.is_authenticated:
        return redirect(commission)
    return render(request, "commissions/board.html", board_context(request, commission))


def board_context(request, commission, error: str = "") -> dict:
    columns = selectors.board_columns(commission)
    can_move = request.user.has_perm("commissions.change_action", commission)
    for _status, _label, actions in columns:
        for action in actions:
            action.next_statuses = allowed_transitions(action) if can_move else []
    return {
        "commission": commission,
        "columns": columns,
        "can_move": can_move,
        "board_error": error,
        "transition_form": TransitionForm(),
    }
