"""Action pages: create, detail, edit, status moves (htmx on the board), progress,
milestones, indicators, links, dependencies, comments; the roadmap and "my actions"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.commissions import selectors, services
from guild.commissions.forms import (
    ActionForm,
    CommentForm,
    DependencyForm,
    IndicatorForm,
    IndicatorValueForm,
    LinkForm,
    MilestoneForm,
    ProgressForm,
    TransitionForm,
)
from guild.commissions.models import Action, ActionLink, Indicator, Milestone
from guild.commissions.views.commissions import _commission, board_context
from guild.commissions.views.common import apply_errors, error_text, refusals, require


def _action(request, pk: int) -> Action:
    try:
        action = selectors.action_detail(pk)
    except Action.DoesNotExist:
        from django.http import Http404

        raise Http404 from None
    require(request, "commissions.view_action", action)
    if not request.user.is_authenticated and action.status not in selectors.PUBLIC_STATUSES:
        from django.http import Http404

        raise Http404
    return action


@login_required
@refusals
def action_create(request, slug):
    commission = _commission(request, slug)
    if not request.user.has_perm("commissions.contribute", commission):
        raise services.NotAllowed(services.base.NOT_A_MEMBER)
    initial = {"mission": request.GET.get("mission"), "owners": [request.user.pk]}
    form = ActionForm(request.POST or None, commission=commission, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The action has been created."))
            return redirect(action)
    return render(
        request,
        "commissions/form.html",
        {
            "form": form,
            "commission": commission,
            "title": _("New action"),
        },
    )


def action_detail(request, pk):
    action = _action(request, pk)
    commission = action.mission.commission
    can_change = request.user.has_perm("commissions.change_action", action)
    context = {
        "action": action,
        "commission": commission,
        "can_change": can_change,
        "can_comment": request.user.has_perm("commissions.comment_action", action),
        "next_statuses": services.allowed_transitions(action) if can_change else [],
        "status_labels": dict(Action.Status.choices),
    }
    if can_change:
        context.update(
            {
                "transition_form": TransitionForm(),
                "progress_form": ProgressForm(initial={"progress": action.progress}),
                "milestone_form": MilestoneForm(),
                "indicator_form": IndicatorForm(),
                "link_form": LinkForm(),
                "dependency_form": DependencyForm(
                    action=action,
                    candidates=selectors.visible_actions(request.user).filter(
                        mission__commission__archived_at__isnull=True
                    ),
                ),
            }
        )
    if context["can_comment"]:
        context["comment_form"] = CommentForm()
        context["handles"] = [
            services.mention_handle(u)
            for u in services.actions._mentionable(action).order_by("last_name")
        ]
    return render(request, "commissions/action_detail.html", context)


@login_required
@refusals
def action_edit(request, pk):
    action = _action(request, pk)
    commission = action.mission.commission
    if not request.user.has_perm("commissions.change_action", action):
        raise services.NotAllowed(services.base.NOT_A_MEMBER)
    form = ActionForm(
        request.POST or None,
        instance=action,
        commission=commission,
        initial={"owners": list(action.owners.all())},
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            services.action_update(
                actor=request.user,
                action=action,
                owners=data.pop("owners"),
                horizon=data.pop("horizon"),
                mission=data.pop("mission"),
                **data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The action has been saved."))
            return redirect(action)
    return render(
        request,
        "commissions/form.html",
        {
            "form": form,
            "commission": commission,
            "title": _("Edit the action"),
            "action": action,
        },
    )


@login_required
@require_POST
@refusals
def action_status(request, pk):
    """Move an action to another status (board columns, detail page). htmx gets the board."""
    action = get_object_or_404(Action.objects.select_related("mission__commission"), pk=pk)
    form = TransitionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.action_transition(
                actor=request.user,
                action=action,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            error = error_text(exc)
    else:
        error = _("Choose a valid status.")
    commission = action.mission.commission
    if request.htmx:
        return render(
            request, "commissions/board.html#board", board_context(request, commission, error)
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The status has been updated."))
    return redirect(request.POST.get("next") or action.get_absolute_url())


@login_required
@require_POST
@refusals
def action_progress(request, pk):
    action = get_object_or_404(Action.objects.select_related("mission__commission"), pk=pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        services.action_set_progress(
            actor=request.user, action=action, progress=form.cleaned_data["progress"]
        )
        messages.success(request, _("Progress has been updated."))
    else:
        messages.error(request, _("Progress is a percentage between 0 and 100."))
    return redirect(action)


def _sub_form(request, action, form_class, service, success: str, **extra):
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            service(actor=request.user, action=action, **form.cleaned_data, **extra)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, success)
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(action)


def _plain_action(pk) -> Action:
    return get_object_or_404(Action.objects.select_related("mission__commission"), pk=pk)


@login_required
@require_POST
@refusals
def milestone_add(request, pk):
    return _sub_form(
        request,
        _plain_action(pk),
        MilestoneForm,
        services.milestone_add,
        _("The milestone has been added."),
    )


@login_required
@require_POST
@refusals
def milestone_toggle(request, pk):
    milestone = get_object_or_404(
        Milestone.objects.select_related("action__mission__commission"), pk=pk
    )
    services.milestone_toggle(actor=request.user, milestone=milestone)
    return redirect(milestone.action)


@login_required
@require_POST
@refusals
def indicator_add(request, pk):
    return _sub_form(
        request,
        _plain_action(pk),
        IndicatorForm,
        services.indicator_save,
        _("The indicator has been added."),
    )


@login_required
@require_POST
@refusals
def indicator_update(request, pk):
    indicator = get_object_or_404(
        Indicator.objects.select_related("action__mission__commission"), pk=pk
    )
    form = IndicatorValueForm(request.POST)
    if form.is_valid():
        services.indicator_save(
            actor=request.user,
            action=indicator.action,
            indicator=indicator,
            name=indicator.name,
            unit=indicator.unit,
            target_value=indicator.target_value,
            current_value=form.cleaned_data["current_value"],
        )
        messages.success(request, _("The indicator has been updated."))
    else:
        messages.error(request, _("Enter a number."))
    return redirect(indicator.action)


@login_required
@require_POST
@refusals
def link_add(request, pk):
    action = _plain_action(pk)
    form = LinkForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.link_add(
                actor=request.user,
                action=action,
                kind=data["kind"],
                title=data["title"],
                url=data["url"],
                file=data["file"],
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The link has been added."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(action)


def link_file(request, pk):
    """Serve an uploaded document to those who may see its action."""
    from django.http import FileResponse, Http404

    link = get_object_or_404(
        ActionLink.objects.select_related("action__mission__commission"), pk=pk
    )
    _action(request, link.action_id)
    if not link.file:
        raise Http404
    return FileResponse(
        link.file.open("rb"), as_attachment=True, filename=link.file.name.rsplit("/", 1)[-1]
    )


@login_required
@require_POST
@refusals
def link_remove(request, pk):
    link = get_object_or_404(
        ActionLink.objects.select_related("action__mission__commission"), pk=pk
    )
    services.link_remove(actor=request.user, link=link)
    messages.success(request, _("The link has been removed."))
    return redirect(link.action)


@login_required
@require_POST
@refusals
def dependency_add(request, pk):
    action = _plain_action(pk)
    form = DependencyForm(
        request.POST, action=action, candidates=selectors.visible_actions(request.user)
    )
    if form.is_valid():
        try:
            services.dependency_add(
                actor=request.user, action=action, depends_on=form.cleaned_data["depends_on"]
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The dependency has been added."))
    else:
        messages.error(request, _("Choose an action."))
    return redirect(action)


@login_required
@require_POST
@refusals
def dependency_remove(request, pk, other):
    action = _plain_action(pk)
    services.dependency_remove(
        actor=request.user, action=action, depends_on=get_object_or_404(Action, pk=other)
    )
    messages.success(request, _("The dependency has been removed."))
    return redirect(action)


@login_required
@require_POST
@refusals
def comment_add(request, pk):
    return _sub_form(
        request,
        _plain_action(pk),
        CommentForm,
        services.comment_add,
        _("Your comment has been posted."),
    )


def roadmap(request):
    filters = {
        "commission": request.GET.get("commission", ""),
        "owner": request.GET.get("owner", "") if request.GET.get("owner", "").isdigit() else "",
        "status": request.GET.get("status", "")
        if request.GET.get("status", "") in Action.Status.values
        else "",
    }
    columns = selectors.roadmap(request.user, **{k: v or None for k, v in filters.items()})
    owners = []
    if request.user.is_authenticated:
        owners = (
            get_user_model()
            .objects.filter(owned_actions__isnull=False, is_active=True)
            .distinct()
            .order_by("last_name", "first_name")
        )
    return render(
        request,
        "commissions/roadmap.html",
        {
            "columns": columns,
            "filters": filters,
            "owners": owners,
            "commissions": selectors.visible_commissions(request.user, include_archived=False),
            "statuses": Action.Status.choices,
        },
    )


@login_required
def my_actions(request):
    page = Paginator(selectors.my_actions(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "commissions/my_actions.html", {"page": page})
