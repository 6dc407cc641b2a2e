"""Reads for outreach, already joined."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from guild.outreach.models import Article, Campaign, Contact, MailingList, Subscription


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


def campaigns_list() -> QuerySet:
    return Campaign.objects.select_related("mailing_list", "segment")


def articles_published() -> QuerySet:
    return Article.objects.filter(published_at__lte=timezone.now()).select_related("author")
