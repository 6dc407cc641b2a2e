from django.conf import settings
from django.utils.functional import SimpleLazyObject

from guild.core import navigation
from guild.core.identity import get_identity


def guild(request):
    user = getattr(request, "user", None)
    return {
        "identity": SimpleLazyObject(get_identity),
        "SITE_URL": settings.SITE_URL,
        "nav_public": SimpleLazyObject(lambda: navigation.public_entries(user))
        if user is not None
        else [],
        "nav_manage": SimpleLazyObject(lambda: navigation.manage_sections(user))
        if user is not None
        else [],
    }
