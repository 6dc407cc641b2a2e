"""Sourcing screens: directory and profiles, my profile, needs board, introductions,
moderation and skills for staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.core.permissions import is_staff
from guild.core.shortcuts import get_posted_or_404
from guild.sourcing import interests, selectors, services
from guild.sourcing.forms import (
    IntroductionForm,
    NeedForm,
    ProfileForm,
    ResponseForm,
    SearchForm,
    SkillForm,
)
from guild.sourcing.models import VISIBLE_FIELDS, Introduction, Need, NeedResponse, Profile

PAGE_SIZE = 20


def directory(request):
    choices = selectors.facet_choices()
    form = SearchForm(request.GET or None, facets=choices)
    filters = selectors.Filters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            q=data["q"],
            skill=data["skill"].pk if data["skill"] else None,
            sector=data["sector"],
            departement=data["departement"],
            size=data["size"],
            availability=data["availability"],
            present=data["present"],
        )
    matching = selectors.directory_search(filters)
    form.show_counts(selectors.facet_counts(matching, choices))
    results = selectors.with_skills(matching)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "sourcing/directory.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "viewer_member": services.is_member(request.user) or is_staff(request.user),
        },
    )


def _can_see(profile, field, viewer_member, owner) -> bool:
    level = profile.visibility_of(field)
    return owner or level == "public" or (level == "members" and viewer_member)


def profile_detail(request, pk: int):
    try:
        profile = selectors.profile_detail(pk)
    except Profile.DoesNotExist:
        return render(request, "sourcing/not_found.html", status=404)
    member = services.is_member(request.user) or is_staff(request.user)
    owner = request.user.is_authenticated and services.can_edit_profile(request.user, profile)
    visible = {f: _can_see(profile, f, member, owner) for f in VISIBLE_FIELDS}
    form = IntroductionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.introduction_request(
                    actor=request.user, profile=profile, message=form.cleaned_data["message"]
                )
            except services.SourcingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "Your request was sent. Contact details are shared "
                        "only if the member accepts."
                    ),
                )
                return redirect("sourcing:profile", pk=pk)
    return render(
        request,
        "sourcing/profile.html",
        {
            "profile": profile,
            "visible": visible,
            "owner": owner,
            "form": form,
            "can_contact": member and not owner,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_profile(request):
    profile = services.profile_for_user(request.user)
    person = getattr(request.user, "person", None)
    if profile is None:
        if person is None or not services.is_member(request.user):
            return render(request, "sourcing/no_profile.html")
        if person.is_independent or person.organisation_id is None:
            profile = Profile(kind=Profile.Kind.FREELANCER, person=person, name=str(person))
        else:
            profile = Profile(
                kind=Profile.Kind.ORGANISATION,
                organisation=person.organisation,
                name=str(person.organisation),
            )
    initial = {
        "name": profile.name,
        "offer": profile.offer,
        "references": profile.references,
        "certifications": profile.certifications,
        "languages": profile.languages,
        "departements_served": profile.departements_served,
        "availability": profile.availability,
        "day_rate_min": profile.day_rate_min,
        "day_rate_max": profile.day_rate_max,
        "published": profile.published,
        "skills": [link.skill_id for link in profile.skill_links.all()] if profile.pk else [],
    }
    initial.update({f"vis_{f}": profile.visibility_of(f) for f in VISIBLE_FIELDS})
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.profile_save(
                actor=request.user,
                profile=profile,
                data={k: data[k] for k in services.FIELDS},
                skills=[(skill, int(data["level"])) for skill in data["skills"]],
                visibility={f: data[f"vis_{f}"] for f in VISIBLE_FIELDS},
            )
        except services.SourcingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("sourcing:profile", pk=profile.pk)
    return render(request, "sourcing/my_profile.html", {"form": form, "profile": profile})


def needs(request):
    page = Paginator(selectors.published_needs(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sourcing/needs.html", {"page": page})


def need_detail(request, pk: int):
    need = get_object_or_404(Need.objects.prefetch_related("skills"), pk=pk)
    follower = request.user.is_authenticated and services.can_follow_need(request.user, need)
    if need.status != Need.Status.PUBLISHED and not follower:
        return render(request, "sourcing/not_found.html", status=404)
    form = ResponseForm(request.POST or None)
    if request.method == "POST" and "message" in request.POST:
        if not request.user.is_authenticated:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.need_respond(
                    actor=request.user, need=need, message=form.cleaned_data["message"]
                )
            except services.SourcingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your answer was sent to the poster."))
                return redirect("sourcing:need", pk=pk)
    responses = need.responses.select_related("profile", "author") if follower else []
    return render(
        request,
        "sourcing/need.html",
        {
            "need": need,
            "form": form,
            "follower": follower,
            "responses": responses,
            "interests": interests.declared_interests(need),
            "outcomes": Need.Outcome.choices[1:],
            "can_answer": request.user.is_authenticated
            and need.status == Need.Status.PUBLISHED
            and not follower,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def need_follow_up(request, pk: int):
    need = get_object_or_404(Need, pk=pk)
    try:
        if "response" in request.POST:
            response = get_object_or_404(NeedResponse, pk=request.POST["response"])
            services.need_pick(actor=request.user, need=need, response=response)
            messages.success(request, _("Answer picked."))
        else:
            services.need_close(
                actor=request.user, need=need, outcome=request.POST.get("outcome", "")
            )
            messages.success(request, _("Need closed; thank you for recording the outcome."))
    except services.SourcingError as exc:
        messages.error(request, str(exc))
    return redirect("sourcing:need", pk=pk)


@login_required
def need_create(request):
    staff = is_staff(request.user)
    form = NeedForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        skills = data.pop("skills")
        on_behalf = data.pop("on_behalf", False)
        try:
            need = services.need_submit(
                actor=request.user, data=data, skills=skills, on_behalf=on_behalf
            )
        except services.SourcingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Need submitted: the staff will check it before publication.")
            )
            return redirect("sourcing:need", pk=need.pk)
    return render(
        request,
        "sourcing/need_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def introductions(request):
    profile = services.profile_for_user(request.user)
    if request.method == "POST":
        intro = get_posted_or_404(Introduction, request.POST.get("intro"))
        try:
            services.introduction_answer(
                actor=request.user, intro=intro, accept=request.POST.get("accept") == "1"
            )
        except services.SourcingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Answer recorded."))
        return redirect("sourcing:introductions")
    received = (
        Introduction.objects.filter(profile=profile).select_related("sender")
        if profile
        else Introduction.objects.none()
    )
    sent = Introduction.objects.filter(sender=request.user).select_related(
        "profile__person__user", "profile__organisation"
    )
    return render(request, "sourcing/introductions.html", {"received": received, "sent": sent})


@login_required
def manage_needs(request):
    if not is_staff(request.user):
        raise PermissionDenied
    if request.method == "POST":
        need = get_posted_or_404(Need, request.POST.get("need"))
        try:
            services.need_moderate(
                actor=request.user,
                need=need,
                approve=request.POST.get("approve") == "1",
                note=request.POST.get("note", ""),
            )
        except services.SourcingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Moderation recorded."))
        return redirect("sourcing:manage_needs")
    return render(request, "sourcing/manage_needs.html", {"pending": selectors.pending_needs()})


@login_required
def manage_skills(request):
    if not is_staff(request.user):
        raise PermissionDenied
    form = SkillForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.skill_save(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Skill saved."))
        return redirect("sourcing:manage_skills")
    return render(
        request, "sourcing/manage_skills.html", {"form": form, "tree": selectors.skill_tree()}
    )
