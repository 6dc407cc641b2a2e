"""Back office: general assemblies (preparation, attendance sheet, votes, minutes)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.core.shortcuts import get_posted_or_404
from guild.governance import selectors, services
from guild.governance.forms import (
    AgendaItemForm,
    AssemblyForm,
    CandidateForm,
    DocumentForm,
    OpenVoteForm,
    ResolutionForm,
    SecretRequestForm,
)
from guild.governance.models import Assembly, Resolution, Voter
from guild.governance.views.common import attempt, require
from guild.members.models import Person

PERM = "governance.manage_assemblies"


@login_required
def assemblies(request):
    require(request, PERM)
    form = AssemblyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holder = {}
        data = form.cleaned_data
        if attempt(
            request,
            lambda: holder.setdefault("a", services.assembly_create(actor=request.user, **data)),
            _("The assembly has been created."),
            form=form,
        ):
            return redirect("governance:assembly", pk=holder["a"].pk)
    page = Paginator(selectors.assemblies(), 30).get_page(request.GET.get("page"))
    return render(request, "governance/manage/assemblies.html", {"page": page, "form": form})


@login_required
def assembly(request, pk):
    require(request, PERM)
    obj = get_object_or_404(Assembly, pk=pk)
    obj = selectors.assembly_detail(obj.pk)
    agenda_form = AgendaItemForm(prefix="ag")
    document_form = DocumentForm(prefix="doc")
    resolution_form = ResolutionForm(prefix="res")
    action = request.POST.get("action")
    if request.method == "POST":
        if action == "agenda":
            agenda_form = AgendaItemForm(request.POST, prefix="ag")
            if agenda_form.is_valid() and attempt(
                request,
                lambda: services.agenda_item_add(
                    actor=request.user, assembly=obj, **agenda_form.cleaned_data
                ),
                _("Agenda item added."),
                form=agenda_form,
            ):
                return redirect("governance:assembly", pk=pk)
        elif action == "document":
            document_form = DocumentForm(request.POST, request.FILES, prefix="doc")
            if document_form.is_valid() and attempt(
                request,
                lambda: services.document_add(
                    actor=request.user, assembly=obj, **document_form.cleaned_data
                ),
                _("Document added."),
                form=document_form,
            ):
                return redirect("governance:assembly", pk=pk)
        elif action == "resolution":
            resolution_form = ResolutionForm(request.POST, prefix="res")
            if resolution_form.is_valid() and attempt(
                request,
                lambda: services.resolution_add(
                    actor=request.user, assembly=obj, **resolution_form.cleaned_data
                ),
                _("Resolution added."),
                form=resolution_form,
            ):
                return redirect("governance:assembly", pk=pk)
        elif action in {"convene", "open", "close"}:
            fn = {
                "convene": services.assembly_convene,
                "open": services.assembly_open,
                "close": services.assembly_close,
            }[action]
            done = {
                "convene": _(
                    "The assembly is convened: the roll is frozen and the notices are on their way."
                ),
                "open": _("The assembly is in session."),
                "close": _("The assembly is closed."),
            }[action]
            attempt(request, lambda: fn(actor=request.user, assembly=obj), done)
            return redirect("governance:assembly", pk=pk)
        elif action == "minutes":
            attempt(
                request,
                lambda: services.minutes_generate(actor=request.user, assembly=obj),
                _("The minutes have been drawn up."),
            )
            return redirect("governance:assembly", pk=pk)
    return render(
        request,
        "governance/manage/assembly.html",
        {
            "assembly": obj,
            "agenda_form": agenda_form,
            "document_form": document_form,
            "resolution_form": resolution_form,
            "quorum": selectors.quorum(obj),
        },
    )


@login_required
def attendance(request, pk):
    require(request, PERM)
    obj = get_object_or_404(Assembly, pk=pk)
    if request.method == "POST":
        voter = get_posted_or_404(Voter, request.POST.get("voter"), assembly=obj)
        attempt(
            request,
            lambda: services.attendance_mark(
                actor=request.user, voter=voter, mode=request.POST.get("mode", "")
            ),
        )
        return redirect(f"{request.path}?q={request.GET.get('q', '')}#voter-{voter.pk}")
    roll = selectors.voter_roll(obj)
    query = request.GET.get("q", "").strip()
    if query:
        roll = roll.filter(name__icontains=query)
    page = Paginator(roll, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/manage/attendance.html",
        {"assembly": obj, "page": page, "q": query, "quorum": selectors.quorum(obj)},
    )


def quorum_partial(request, pk):
    """Live quorum (polled by htmx); public once the assembly is in session."""
    obj = get_object_or_404(Assembly, pk=pk)
    if obj.status == Assembly.Status.DRAFT and not request.user.has_perm(PERM):
        raise Http404
    return render(
        request,
        "governance/includes/quorum.html",
        {"assembly": obj, "quorum": selectors.quorum(obj)},
    )


@login_required
def resolution(request, pk):
    require(request, PERM)
    obj = get_object_or_404(Resolution.objects.select_related("assembly", "body"), pk=pk)
    candidate_form = CandidateForm(prefix="cand")
    open_form = OpenVoteForm(prefix="ov")
    secret_form = SecretRequestForm(prefix="sec")
    action = request.POST.get("action")
    if request.method == "POST":
        if action == "candidate":
            candidate_form = CandidateForm(request.POST, prefix="cand")
            if candidate_form.is_valid():
                person = Person.objects.filter(pk=candidate_form.cleaned_data["person"]).first()
                if person is None:
                    candidate_form.add_error("person", _("No person has this number."))
                elif attempt(
                    request,
                    lambda: services.candidate_add(
                        actor=request.user,
                        resolution=obj,
                        person=person,
                        statement=candidate_form.cleaned_data["statement"],
                    ),
                    _("Candidate added."),
                    form=candidate_form,
                ):
                    return redirect("governance:resolution", pk=pk)
        elif action == "counts":
            open_form = OpenVoteForm(request.POST, prefix="ov")
            if open_form.is_valid() and attempt(
                request,
                lambda: services.resolution_record_open_vote(
                    actor=request.user, resolution=obj, **open_form.cleaned_data
                ),
                _("Counts recorded."),
                form=open_form,
            ):
                return redirect("governance:resolution", pk=pk)
        elif action == "secret":
            secret_form = SecretRequestForm(request.POST, prefix="sec")
            if secret_form.is_valid() and attempt(
                request,
                lambda: services.resolution_make_secret(
                    actor=request.user, resolution=obj, **secret_form.cleaned_data
                ),
                _("This resolution will be voted by secret ballot."),
                form=secret_form,
            ):
                return redirect("governance:resolution", pk=pk)
        elif action in {"open", "close"}:
            fn = services.resolution_open if action == "open" else services.resolution_close
            attempt(
                request,
                lambda: fn(actor=request.user, resolution=obj),
                _("The vote is open.") if action == "open" else _("The vote is closed."),
            )
            return redirect("governance:resolution", pk=pk)
    return render(
        request,
        "governance/manage/resolution.html",
        {
            "resolution": obj,
            "candidates": obj.candidates.select_related("person"),
            "candidate_form": candidate_form,
            "open_form": open_form,
            "secret_form": secret_form,
            "participations": obj.participations.count(),
        },
    )


@login_required
def minutes_download(request, pk):
    obj = get_object_or_404(Assembly, pk=pk)
    if not obj.minutes_pdf:
        raise Http404
    signed = obj.minutes_president_id and obj.minutes_secretary_id
    if not (request.user.has_perm(PERM) or (signed and request.user.is_authenticated)):
        raise Http404
    return FileResponse(
        obj.minutes_pdf.open("rb"),
        content_type="application/pdf",
        filename=f"proces-verbal-{obj.pk}.pdf",
    )


@login_required
@require_POST
def minutes_sign(request, pk):
    """The président and the secrétaire sign off the minutes (the service checks who)."""
    obj = get_object_or_404(Assembly, pk=pk)
    attempt(
        request,
        lambda: services.minutes_sign(
            actor=request.user, assembly=obj, role=request.POST.get("role", "")
        ),
        _("Your signature has been recorded."),
    )
    return redirect("governance:results", pk=pk)
