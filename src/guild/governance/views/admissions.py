"""Back office: policy, applications, safeguards dashboard, board votes."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.governance import selectors, services
from guild.governance.forms import (
    BoardVoteForm,
    BoardVoteResponseForm,
    PolicyForm,
    RecusalForm,
    SponsorForm,
)
from guild.governance.models import Application, BoardVote, Body, EntryismAlert
from guild.governance.views.common import attempt, require
from guild.members.models import Membership


@login_required
def policy(request):
    require(request, "governance.view_policy")
    current = selectors.current_policy()
    return render(
        request,
        "governance/manage/policy.html",
        {
            "policy": current,
            "versions": selectors.policy_versions(),
            "rules": [(d, current.rule(d)) for d in current.decision_rules or {}],
            "upcoming": selectors.policy_versions().filter(effective_from__gt=timezone.localdate()),
        },
    )


@login_required
def policy_edit(request):
    require(request, "governance.change_policy")
    current = selectors.current_policy()
    form = PolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = form.policy_data()
        if attempt(
            request,
            lambda: services.policy_create_version(
                actor=request.user,
                data=data,
                effective_from=form.cleaned_data["effective_from"],
                note=form.cleaned_data["note"],
            ),
            _("The new version of the policy has been recorded."),
            form=form,
        ):
            return redirect("governance:policy")
    return render(request, "governance/manage/policy_form.html", {"form": form})


@login_required
def applications(request):
    require(request, "governance.view_applications")
    stage = request.GET.get("stage", "")
    page = Paginator(selectors.applications(stage=stage), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/manage/applications.html",
        {"page": page, "stage": stage, "stages": Application.Stage.choices},
    )


@login_required
def application_detail(request, pk):
    require(request, "governance.view_applications")
    application = get_object_or_404(Application, pk=pk)
    application = selectors.application_detail(application.pk)
    sponsor_form = SponsorForm(request.POST or None, prefix="sp")
    recusal_form = RecusalForm(request.POST or None, prefix="rc")
    action = request.POST.get("action")
    if request.method == "POST":
        if action == "sponsor" and sponsor_form.is_valid():
            sponsor = Membership.objects.filter(pk=sponsor_form.cleaned_data["sponsor"]).first()
            if sponsor is None:
                sponsor_form.add_error("sponsor", _("No membership has this number."))
            elif attempt(
                request,
                lambda: services.sponsorship_request(
                    actor=request.user, application=application, sponsor=sponsor
                ),
                _("The sponsor has been asked to confirm."),
                form=sponsor_form,
            ):
                return redirect("governance:application", pk=pk)
        elif (
            action == "recuse"
            and recusal_form.is_valid()
            and attempt(
                request,
                lambda: services.application_recuse(
                    actor=request.user,
                    application=application,
                    interest=recusal_form.cleaned_data["interest"],
                ),
                _("Your recusal has been recorded."),
                form=recusal_form,
            )
        ):
            return redirect("governance:application", pk=pk)
    votes = list(application.votes.all())
    return render(
        request,
        "governance/manage/application.html",
        {
            "application": application,
            "sponsor_form": sponsor_form,
            "recusal_form": recusal_form,
            "votes": votes,
            "reasons": (application.policy or selectors.current_policy()).reasons(),
            "traits": [
                (label, value)
                for label, value in (
                    (_("E-mail domain"), application.email_domain),
                    (_("Network block"), application.network_block),
                    (
                        _("Company group"),
                        application.membership.organisation.group
                        if application.membership.organisation_id
                        else None,
                    ),
                )
                if value
            ],
        },
    )


@login_required
def safeguards(request):
    require(request, "governance.view_safeguards")
    policy = selectors.current_policy()
    now = timezone.now()
    page = Paginator(selectors.alerts(kind=request.GET.get("kind", "")), 50).get_page(
        request.GET.get("page")
    )
    weekly = Application.objects.filter(created_at__gte=now - timedelta(days=84)).values_list(
        "created_at", flat=True
    )
    weeks = [0] * 12
    for created in weekly:
        index = min((now - created).days // 7, 11)
        weeks[11 - index] += 1
    with_office, board_total = selectors.board_seats_with_elected_office()
    return render(
        request,
        "governance/manage/safeguards.html",
        {
            "policy": policy,
            "page": page,
            "kinds": EntryismAlert.Kind.choices,
            "kind": request.GET.get("kind", ""),
            "by_kind": EntryismAlert.objects.values("kind").annotate(n=Count("id")).order_by("-n"),
            "flagged_pending": selectors.applications(flagged=True)
            .filter(stage__in=["sponsorship", "review"])
            .count(),
            "weeks": weeks,
            "max_week": max(weeks) or 1,
            "top_sponsors": selectors.sponsor_counts(now - timedelta(days=365))[:10],
            "upcoming": selectors.upcoming_assemblies(policy.surge_days),
            "with_office": with_office,
            "board_total": board_total,
        },
    )


@login_required
def board_votes(request):
    require(request, "governance.view_board_votes")
    page = Paginator(selectors.board_votes(request.GET.get("status", "")), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "governance/manage/board_votes.html", {"page": page})


@login_required
def board_vote_create(request):
    require(request, "governance.open_board_vote")
    form = BoardVoteForm(request.POST or None)
    body = Body.objects.filter(kind=Body.Kind.BOARD).first()
    if request.method == "POST" and form.is_valid():
        policy = selectors.current_policy()
        holder = {}
        if body is None:
            form.add_error(None, _("Create the board first."))
        elif attempt(
            request,
            lambda: holder.setdefault(
                "vote",
                services.boardvote_open(
                    actor=request.user,
                    body=body,
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    majority=form.cleaned_data["majority"],
                    quorum_percent=policy.board_vote_quorum_percent,
                    deadline=form.cleaned_data["deadline"],
                ),
            ),
            _("The vote is open."),
            form=form,
        ):
            return redirect("governance:board_vote", pk=holder["vote"].pk)
    return render(request, "governance/manage/board_vote_form.html", {"form": form})


@login_required
def board_vote_detail(request, pk):
    require(request, "governance.view_board_votes")
    vote = get_object_or_404(BoardVote.objects.select_related("body", "application__policy"), pk=pk)
    policy = (
        vote.application.policy
        if vote.application_id and vote.application.policy
        else selectors.current_policy()
    )
    form = BoardVoteResponseForm(
        request.POST or None, reasons=policy.reasons() if vote.application_id else ()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            lambda: services.boardvote_respond(
                actor=request.user,
                vote=vote,
                choice=data["choice"],
                reason=data["reason"],
                comment=data["comment"],
            ),
            _("Your vote has been recorded."),
            form=form,
        ):
            return redirect("governance:board_vote", pk=pk)
    responses = list(vote.responses.select_related("voter"))
    members = selectors.body_member_users(vote.body)
    return render(
        request,
        "governance/manage/board_vote.html",
        {
            "vote": vote,
            "form": form,
            "responses": responses,
            "can_vote": request.user in members
            and vote.status == "open"
            and not any(r.voter_id == request.user.pk for r in responses),
            "member_count": len(members),
        },
    )


@login_required
@require_POST
def board_vote_close(request, pk):
    require(request, "governance.open_board_vote")
    vote = get_object_or_404(BoardVote, pk=pk)
    attempt(
        request,
        lambda: services.boardvote_close(actor=request.user, vote=vote),
        _("The vote is closed."),
    )
    return redirect("governance:board_vote", pk=pk)


@login_required
@require_POST
def application_decide(request, pk):
    require(request, "governance.decide_application")
    application = get_object_or_404(Application, pk=pk)
    approve = request.POST.get("approve") == "1"
    policy = application.policy or selectors.current_policy()
    reason = request.POST.get("reason", "")
    if approve or reason not in policy.reasons():
        reason = ""
    attempt(
        request,
        lambda: services.application_decide(
            actor=request.user, application=application, approve=approve, reason=reason
        ),
        _("The decision has been recorded."),
    )
    return redirect("governance:application", pk=pk)
