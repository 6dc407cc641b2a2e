"""Root URL configuration.

Each domain app owns its ``urls.py`` (public and management screens alike) and is included
here at the root; the app's own paths carry its prefix. The API lives under ``/api/v1/``.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

handler400 = "guild.core.views.errors.bad_request"
handler403 = "guild.core.views.errors.permission_denied"
handler404 = "guild.core.views.errors.page_not_found"
handler500 = "guild.core.views.errors.server_error"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("auth/", include("allauth.urls")),
    path("api/v1/", include("guild.api.urls")),
]

for _app in settings.GUILD_APPS:
    if _app == "guild.api":
        continue
    _module = f"{_app}.urls"
    if find_spec(_module) is not None and getattr(import_module(_module), "urlpatterns", None):
        urlpatterns.append(path("", include(_module)))
