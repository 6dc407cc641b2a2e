"""Reads for outreach, already joined."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from guild.outreach.models import (
    Article,
    Campaign,
    Consent,
    Contact,
    MailingList,
    Subscription,
)


def contacts_search(query: str = "", tag: str = "") -> QuerySet:
    qs = (
        Contact.objects.filter(anonymised_at=None)
        .select_related("person", "organisation")
        .prefetch_related("tags")
    )
    if query:
        qs = qs.filter(
            Q(email__icontains=query)
            | Q(last_name__icontains=query)
            | Q(first_name__icontains=query)
            | Q(organisation_name__icontains=query)
        )
    if tag:
        qs = qs.filter(tags__name=tag)
    return qs


def lists_with_counts() -> QuerySet:
    return MailingList.objects.annotate(
        active=Count("subscriptions", filter=Q(subscriptions__status=Subscription.Status.ACTIVE)),
        pending=Count("subscriptions", filter=Q(subscriptions__status=Subscription.Status.PENDING)),
    )


def list_subscribers(mailing_list: MailingList, status: str = "") -> QuerySet:
    """Subscriptions of a list with the proof of the latest consent decision for it."""
    proof = Consent.objects.filter(
        contact=OuterRef("contact"), list_slug=mailing_list.slug
    ).order_by("-recorded_at", "-pk")
    qs = (
        Subscription.objects.filter(mailing_list=mailing_list, contact__anonymised_at=None)
        .select_related("contact")
        .annotate(
            proof_at=Subquery(proof.values("recorded_at")[:1]),
            proof_wording=Subquery(proof.values("wording")[:1]),
            proof_source=Subquery(proof.values("source")[:1]),
            proof_basis=Subquery(proof.values("legal_basis")[:1]),
        )
        .order_by("contact__email")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def campaigns_list() -> QuerySet:
    return Campaign.objects.select_related("mailing_list", "segment")


def articles_published() -> QuerySet:
    return Article.objects.filter(published_at__lte=timezone.now()).select_related("author")
