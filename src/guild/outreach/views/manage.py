"""Back-office screens: contacts, lists, segments (live count), campaigns, news."""

from __future__ import annotations

import itertools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override

from guild.core import spreadsheets
from guild.core.shortcuts import first_posted
from guild.outreach import campaigns, services
from guild.outreach.forms import (
    ArticleForm,
    CampaignForm,
    ContactForm,
    ListSubscribeForm,
    MailingListForm,
    ScheduleForm,
    SegmentForm,
    TestSendForm,
)
from guild.outreach.models import Article, Campaign, Contact, MailingList, Segment, Subscription
from guild.outreach.segments import apply_filters
from guild.outreach.selectors import (
    campaigns_list,
    contacts_search,
    list_subscribers,
    lists_with_counts,
)


def staff_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("outreach.manage"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc)


@staff_required
def contact_list(request):
    qs = contacts_search(request.GET.get("q", ""), request.GET.get("tag", ""))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "outreach/manage/contacts.html", {"page": page, "q": request.GET.get("q", "")}
    )


@staff_required
def contact_create(request):
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        tags = [t for t in data.pop("tag_names", "").split(",") if t.strip()]
        contact = services.contact_upsert(actor=request.user, tags=tags, **data)
        messages.success(request, _("Contact saved."))
        return redirect("outreach:contact", pk=contact.pk)
    return render(request, "outreach/manage/form.html", {"form": form, "title": _("New contact")})


@staff_required
def contact_detail(request, pk):
    contact = get_object_or_404(Contact.objects.select_related("person", "organisation"), pk=pk)
    if request.method == "POST" and request.POST.get("merge"):
        duplicate = Contact.objects.filter(email__iexact=request.POST["merge"].strip()).first()
        if duplicate is None:
            messages.error(request, _("No contact has this e-mail address."))
        else:
            try:
                services.contact_merge(actor=request.user, keep=contact, duplicate=duplicate)
                messages.success(request, _("Contacts merged."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return redirect("outreach:contact", pk=contact.pk)
    return render(
        request,
        "outreach/manage/contact.html",
        {
            "contact": contact,
            "consents": contact.consents.all(),
            "subscriptions": contact.subscriptions.select_related("mailing_list"),
        },
    )


@staff_required
def list_index(request):
    return render(
        request,
        "outreach/manage/lists.html",
        {"lists": lists_with_counts().select_related("commission")},
    )


@staff_required
def list_edit(request, pk=None):
    mailing_list = get_object_or_404(MailingList, pk=pk) if pk else None
    form = MailingListForm(request.POST or None, instance=mailing_list)
    if request.method == "POST" and form.is_valid():
        try:
            mailing_list = services.list_save(
                actor=request.user, mailing_list=mailing_list, **form.cleaned_data
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("List saved."))
            return redirect("outreach:list", pk=mailing_list.pk)
    title = _("Edit the list") if mailing_list else _("New list")
    return render(request, "outreach/manage/form.html", {"form": form, "title": title})


@staff_required
def list_detail(request, pk):
    mailing_list = get_object_or_404(MailingList.objects.select_related("commission"), pk=pk)
    form = ListSubscribeForm(request.POST or None)
    if request.method == "POST" and request.POST.get("unsubscribe"):
        subscription = get_object_or_404(
            Subscription, pk=request.POST["unsubscribe"], mailing_list=mailing_list
        )
        services.subscription_set(
            actor=request.user,
            contact=subscription.contact,
            mailing_list=mailing_list,
            active=False,
            source=_("unsubscribed by staff (%(user)s)") % {"user": request.user},
        )
        messages.success(
            request, _("%(email)s is unsubscribed.") % {"email": subscription.contact.email}
        )
        return redirect("outreach:list", pk=mailing_list.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.contact_upsert(
                actor=request.user,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
            services.subscription_set(
                actor=request.user,
                contact=contact,
                mailing_list=mailing_list,
                active=True,
                source=data["source"],
                wording=data["wording"],
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("%(email)s is subscribed.") % {"email": contact.email})
            return redirect("outreach:list", pk=mailing_list.pk)
    status = request.GET.get("status", "")
    if status not in Subscription.Status.values:
        status = ""
    page = Paginator(list_subscribers(mailing_list, status), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/manage/list.html",
        {
            "list": mailing_list,
            "page": page,
            "form": form,
            "status": status,
            "statuses": Subscription.Status.choices,
        },
    )


@staff_required
def list_export(request, pk):
    """CSV of a list's subscribers with the proof of their consent (semicolon, UTF-8 BOM)."""
    mailing_list = get_object_or_404(MailingList, pk=pk)
    header = [
        "email",
        "first_name",
        "last_name",
        "status",
        "confirmed_at",
        "unsubscribed_at",
        "consent_at",
        "consent_wording",
        "consent_source",
        "legal_basis",
    ]

    def when(moment):
        return moment.isoformat() if moment else ""

    rows = (
        [
            sub.contact.email,
            sub.contact.first_name,
            sub.contact.last_name,
            sub.status,
            when(sub.confirmed_at),
            when(sub.unsubscribed_at),
            when(sub.proof_at),
            sub.proof_wording or "",
            sub.proof_source or "",
            sub.proof_basis or "",
        ]
        for sub in list_subscribers(mailing_list).iterator(chunk_size=500)
    )
    return spreadsheets.csv_response(
        itertools.chain([header], rows), f"liste-{mailing_list.slug}.csv"
    )


@staff_required
def segment_list(request):
    return render(request, "outreach/manage/segments.html", {"segments": Segment.objects.all()})


@staff_required
def segment_edit(request, pk=None):
    segment = get_object_or_404(Segment, pk=pk) if pk else None
    initial = {}
    if segment:
        initial = {"name": segment.name, **{f"f_{k}": v for k, v in segment.filters.items()}}
    form = SegmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        segment = segment or Segment(created_by=request.user)
        segment.name = form.cleaned_data["name"]
        segment.filters = form.filters()
        segment.save()
        messages.success(request, _("Segment saved."))
        return redirect("outreach:segments")
    count = apply_filters(segment.filters).count() if segment else None
    return render(
        request,
        "outreach/manage/segment_form.html",
        {"form": form, "segment": segment, "count": count},
    )


@staff_required
def segment_count(request):
    """htmx: live count of the contacts matching the filters being typed."""
    form = SegmentForm(request.GET)
    form.is_valid()
    count = apply_filters(form.filters()).count()
    return render(request, "outreach/manage/segment_count.html", {"count": count})


@staff_required
def campaign_index(request):
    page = Paginator(campaigns_list(), 30).get_page(request.GET.get("page"))
    return render(request, "outreach/manage/campaigns.html", {"page": page})


@staff_required
def campaign_edit(request, pk=None):
    campaign = get_object_or_404(Campaign, pk=pk) if pk else None
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaigns.campaign_save(
                actor=request.user, campaign=campaign, **form.cleaned_data
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("outreach:campaign", pk=campaign.pk)
    return render(request, "outreach/manage/form.html", {"form": form, "title": _("Campaign")})


@staff_required
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("mailing_list", "segment"), pk=pk)
    test_form = TestSendForm(prefix="test")
    schedule_form = ScheduleForm(prefix="schedule")
    if request.method == "POST":
        if not request.user.has_perm("outreach.send_campaign"):
            raise PermissionDenied
        if "test-to" in request.POST:
            test_form = TestSendForm(request.POST, prefix="test")
            if test_form.is_valid():
                campaigns.campaign_test_send(
                    actor=request.user,
                    campaign=campaign,
                    to=test_form.cleaned_data["to"],
                    as_contact=test_form.cleaned_data["as_contact"],
                )
                messages.success(request, _("Test e-mail sent."))
                return redirect("outreach:campaign", pk=pk)
        else:
            schedule_form = ScheduleForm(request.POST, prefix="schedule")
            if schedule_form.is_valid():
                try:
                    campaigns.campaign_schedule(
                        actor=request.user,
                        campaign=campaign,
                        when=schedule_form.cleaned_data["when"],
                    )
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    messages.success(request, _("Campaign scheduled."))
                return redirect("outreach:campaign", pk=pk)
    preview_contact = None
    if request.GET.get("as"):
        preview_contact = Contact.objects.filter(pk=request.GET["as"]).first()
    return render(
        request,
        "outreach/manage/campaign.html",
        {
            "campaign": campaign,
            "stats": campaigns.campaign_stats(campaign),
            "test_form": test_form,
            "schedule_form": schedule_form,
            "preview_contact": preview_contact,
        },
    )


@staff_required
def campaign_progress(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    return render(
        request,
        "outreach/manage/campaign_progress.html",
        {"campaign": campaign, "stats": campaigns.campaign_stats(campaign)},
    )


@csp_override(
    {
        "default-src": [CSP.NONE],
        "img-src": ["*", "data:"],
        "style-src": [CSP.UNSAFE_INLINE],
        "frame-ancestors": [CSP.SELF],
    }
)
def _preview_response(html):
    return HttpResponse(html)


@staff_required
def campaign_preview(request, pk):
    """The HTML part as the chosen recipient would see it (shown in a sandboxed frame)."""
    campaign = get_object_or_404(Campaign, pk=pk)
    contact = first_posted(Contact, request.GET.get("as"))
    html, _text = campaigns.campaign_preview(campaign, contact)
    return _preview_response(html)


@staff_required
def article_index(request):
    return render(request, "outreach/manage/articles.html", {"articles": Article.objects.all()})


@staff_required
def article_edit(request, pk=None):
    article = get_object_or_404(Article, pk=pk) if pk else None
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        article = form.save(commit=False)
        article.author = article.author or request.user
        article.save()
        messages.success(request, _("Article saved."))
        return redirect("outreach:manage_articles")
    return render(request, "outreach/manage/form.html", {"form": form, "title": _("News article")})
