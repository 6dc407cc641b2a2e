from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from guild.core import selectors, services
from guild.core.forms import IdentityForm
from guild.core.identity import get_identity


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@login_required
def dashboard(request):
    _require(request, "core.access_manage")
    return render(request, "core/manage/dashboard.html")


@login_required
def identity_edit(request):
    _require(request, "core.change_identity")
    identity = get_identity()
    form = IdentityForm(request.POST or None, request.FILES or None, instance=identity)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in services.IDENTITY_FIELDS}
        services.identity_update(actor=request.user, data=data, logo=request.FILES.get("logo"))
        messages.success(request, _("The association's identity has been saved."))
        return redirect("core:identity")
    return render(request, "core/manage/identity.html", {"form": form})


@login_required
def audit_list(request):
    _require(request, "core.view_audit")
    filters = {
        "action": request.GET.get("action", "").strip(),
        "actor": request.GET.get("actor", "").strip(),
        "target": request.GET.get("target", "").strip(),
    }
    page = Paginator(selectors.audit_entries(**filters), 50).get_page(request.GET.get("page"))
    return render(request, "core/manage/audit.html", {"page": page, "filters": filters})


@login_required
def outbox_list(request):
    _require(request, "core.view_outbox")
    status = request.GET.get("status", "")
    page = Paginator(selectors.outbox(status=status), 50).get_page(request.GET.get("page"))
    return render(request, "core/manage/outbox.html", {"page": page, "status": status})
