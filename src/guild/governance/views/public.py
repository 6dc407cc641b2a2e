"""Public pages: composition of the bodies, transparency, assembly results, receipts."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from guild.governance import selectors
from guild.governance.forms import ReceiptForm
from guild.governance.models import Assembly, Ballot, Resolution


def composition(request):
    return render(
        request, "governance/public/composition.html", {"bodies": selectors.bodies_with_members()}
    )


def transparency(request):
    policy = selectors.current_policy()
    with_office, total = selectors.board_seats_with_elected_office()
    return render(
        request,
        "governance/public/transparency.html",
        {
            "declarations": selectors.public_declarations(),
            "public": policy.public_fields(),
            "policy": policy,
            "with_office": with_office,
            "board_total": total,
        },
    )


def results(request, pk):
    assembly = get_object_or_404(Assembly.objects.exclude(status="draft"), pk=pk)
    resolutions = assembly.resolutions.filter(status=Resolution.Status.CLOSED).prefetch_related(
        "candidates__person"
    )
    form = ReceiptForm(request.GET or None)
    found = None
    if form.is_valid():
        found = (
            Ballot.objects.filter(
                resolution__assembly=assembly, receipt=form.cleaned_data["receipt"].strip().upper()
            )
            .select_related("resolution")
            .first()
            or False
        )
    return render(
        request,
        "governance/public/results.html",
        {"assembly": assembly, "resolutions": resolutions, "form": form, "found": found},
    )


def tally(request, pk):
    resolution = get_object_or_404(
        Resolution.objects.select_related("assembly"),
        pk=pk,
        status=Resolution.Status.CLOSED,
        secret=True,
    )
    candidates = {c.pk: str(c.person) for c in resolution.candidates.select_related("person")}
    return render(
        request,
        "governance/public/tally.html",
        {
            "resolution": resolution,
            "ballots": selectors.published_tally(resolution),
            "candidates": candidates,
        },
    )
