"""Reads on personal API tokens."""

from django.db.models import F, QuerySet

from guild.api.models import ApiToken


def tokens_for(user) -> QuerySet[ApiToken]:
    """The person's tokens, newest first (revoked ones included, for the record)."""
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at"
    )
