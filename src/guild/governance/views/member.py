"""Member screens: sponsorship requests, an assembly (proxies, ballots), declarations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.core.shortcuts import first_posted
from guild.governance import selectors, services
from guild.governance.forms import DeclarationForm, SponsorAnswerForm
from guild.governance.models import Assembly, Declaration, Proxy, Resolution, Sponsorship, Voter
from guild.governance.views.common import attempt


@login_required
def my_sponsorships(request):
    items = selectors.sponsorships_for_user(request.user)
    return render(request, "governance/member/sponsorships.html", {"items": items})


@login_required
def sponsorship_answer(request, pk):
    sponsorship = get_object_or_404(
        Sponsorship.objects.select_related("application__membership", "sponsor"), pk=pk
    )
    form = SponsorAnswerForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: services.sponsorship_answer(
                actor=request.user,
                sponsorship=sponsorship,
                accept=form.cleaned_data["accept"],
                comment=form.cleaned_data["comment"],
            ),
            _("Thank you, your answer is recorded."),
            form=form,
        )
    ):
        return redirect("governance:my_sponsorships")
    return render(
        request,
        "governance/member/sponsorship_answer.html",
        {"sponsorship": sponsorship, "form": form},
    )


def _voter_context(request, assembly):
    mine = list(selectors.voters_of_user(assembly, request.user))
    if not mine:
        raise Http404
    given = {
        p.giver_id: p
        for p in Proxy.objects.filter(giver__in=mine, revoked_at__isnull=True).select_related(
            "holder"
        )
    }
    held = list(
        Proxy.objects.filter(holder__in=mine, revoked_at__isnull=True).select_related("giver")
    )
    return mine, given, held


@login_required
def assembly_member(request, pk):
    assembly = get_object_or_404(Assembly.objects.exclude(status="draft"), pk=pk)
    mine, given, held = _voter_context(request, assembly)
    if request.method == "POST":
        action = request.POST.get("action")
        voter = next((v for v in mine if str(v.pk) == request.POST.get("voter")), None)
        if voter is None:
            raise Http404
        if action == "proxy":
            holder = first_posted(Voter, request.POST.get("holder"), assembly=assembly)
            if holder is None:
                messages.error(request, _("Choose a member on the voter roll."))
            else:
                attempt(
                    request,
                    lambda: services.proxy_give(actor=request.user, giver=voter, holder=holder),
                    _("Your proxy has been given to %(name)s.") % {"name": holder.name},
                )
        elif action == "revoke" and voter.pk in given:
            attempt(
                request,
                lambda: services.proxy_revoke(actor=request.user, proxy=given[voter.pk]),
                _("Your proxy is revoked."),
            )
        elif action == "remote":
            attempt(
                request,
                lambda: services.attendance_mark(actor=request.user, voter=voter, mode="remote"),
                _("You are recorded as attending remotely."),
            )
        return redirect("governance:assembly_member", pk=pk)
    others = (
        Voter.objects.filter(assembly=assembly)
        .exclude(pk__in=[v.pk for v in mine])
        .only("pk", "name", "college")
    )
    return render(
        request,
        "governance/member/assembly.html",
        {
            "assembly": assembly,
            "mine": mine,
            "given": given,
            "held": held,
            "others": others,
            "open_votes": assembly.resolutions.filter(status="open"),
            "quorum": selectors.quorum(assembly),
        },
    )


@login_required
def ballot(request, pk):
    resolution = get_object_or_404(Resolution.objects.select_related("assembly"), pk=pk)
    _voter_context(request, resolution.assembly)
    receipts = None
    if request.method == "POST":
        holder = {}
        if attempt(
            request,
            lambda: holder.setdefault(
                "r",
                services.ballot_cast(
                    actor=request.user,
                    resolution=resolution,
                    choice=request.POST.get("choice", ""),
                    candidates=request.POST.getlist("candidates"),
                ),
            ),
        ):
            receipts = holder["r"]
    already = resolution.participations.filter(voter__user=request.user).count()
    return render(
        request,
        "governance/member/ballot.html",
        {
            "resolution": resolution,
            "receipts": receipts,
            "already": already,
            "candidates": resolution.candidates.select_related("person"),
        },
        status=200,
    )


@login_required
def declaration(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    year = timezone.localdate().year
    current = (
        Declaration.objects.filter(person=person, year=year).prefetch_related("offices").first()
    )
    initial = {}
    if current:
        initial = {
            f: getattr(current, f)
            for f in (
                "employer",
                "holdings",
                "business_ties",
                "public_funding_ties",
                "no_elected_office",
            )
        }
        office = current.offices.first()
        if office:
            initial.update(
                office_title=office.title,
                office_kind=office.kind,
                office_level=office.level,
                office_start=office.starts_on,
                office_end=office.ends_on,
            )
    form = DeclarationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {
            k: form.cleaned_data[k]
            for k in (
                "employer",
                "holdings",
                "business_ties",
                "public_funding_ties",
                "no_elected_office",
            )
        }
        if attempt(
            request,
            lambda: services.declaration_submit(
                actor=request.user, person=person, year=year, data=data, offices=form.offices()
            ),
            _("Your declaration is filed."),
            form=form,
        ):
            return redirect("governance:declaration")
    return render(
        request,
        "governance/member/declaration.html",
        {"form": form, "year": year, "current": current},
    )
