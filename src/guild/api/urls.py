"""``/api/v1/``: each domain app's ``api.py`` registers its viewsets with ``register(router)``
and may expose extra ``urlpatterns``."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from guild.api import views

router = DefaultRouter()
extra = []
for app in settings.GUILD_APPS:
    module_name = f"{app}.api"
    if app == "guild.api" or find_spec(module_name) is None:
        continue
    module = import_module(module_name)
    if hasattr(module, "register"):
        module.register(router)
    extra.extend(getattr(module, "urlpatterns", []))

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", views.ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("me/", views.MeView.as_view(), name="api-me"),
    *extra,
    path("", include(router.urls)),
    # Anything else under /api/v1/ is a 404 in the API's error format, not an HTML page.
    re_path(r"^.*$", views.not_found, name="api-not-found"),
]
