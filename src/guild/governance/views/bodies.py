"""Back office: bodies, mandates (with history and renewal classes), declarations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from guild.core.shortcuts import get_posted_or_404
from guild.governance import selectors, services
from guild.governance.forms import MandateEndForm, MandateForm
from guild.governance.models import Body, Declaration, Mandate
from guild.governance.views.common import attempt, require
from guild.members.models import Person

PERM = "governance.manage_bodies"


@login_required
def bodies(request):
    require(request, PERM)
    return render(
        request, "governance/manage/bodies.html", {"bodies": selectors.bodies_with_members()}
    )


@login_required
def body(request, pk):
    require(request, PERM)
    obj = get_object_or_404(Body, pk=pk)
    form = MandateForm(prefix="m")
    end_form = MandateEndForm(prefix="e")
    action = request.POST.get("action")
    if request.method == "POST":
        if action == "add":
            form = MandateForm(request.POST, prefix="m")
            if form.is_valid():
                person = Person.objects.filter(pk=form.cleaned_data["person_id"]).first()
                if person is None:
                    form.add_error("person_id", _("No person has this number."))
                elif attempt(
                    request,
                    lambda: services.mandate_create(
                        actor=request.user,
                        body=obj,
                        person=person,
                        role=form.cleaned_data["role"],
                        starts_on=form.cleaned_data["starts_on"],
                        ends_on=form.cleaned_data["ends_on"],
                    ),
                    _("Mandate recorded."),
                    form=form,
                ):
                    return redirect("governance:body", pk=pk)
        elif action == "end":
            end_form = MandateEndForm(request.POST, prefix="e")
            mandate = get_posted_or_404(Mandate, request.POST.get("mandate"), body=obj)
            if end_form.is_valid() and attempt(
                request,
                lambda: services.mandate_end(
                    actor=request.user, mandate=mandate, **end_form.cleaned_data
                ),
                _("The term has ended."),
                form=end_form,
            ):
                return redirect("governance:body", pk=pk)
        elif action == "draw":
            attempt(
                request,
                lambda: services.body_draw_classes(actor=request.user, body=obj),
                _("Renewal classes drawn by lot."),
            )
            return redirect("governance:body", pk=pk)
    history = (
        Mandate.objects.filter(body=obj)
        .select_related("person")
        .order_by("-starts_on", "person__last_name")
    )
    return render(
        request,
        "governance/manage/body.html",
        {
            "body": obj,
            "form": form,
            "end_form": end_form,
            "current": selectors.current_mandates().filter(body=obj),
            "history": history,
        },
    )


@login_required
def declarations(request):
    require(request, "governance.view_declarations")
    page = Paginator(
        Declaration.objects.select_related("person").prefetch_related("offices"), 50
    ).get_page(request.GET.get("page"))
    return render(request, "governance/manage/declarations.html", {"page": page})
