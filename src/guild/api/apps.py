from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "guild.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from guild.api import schema  # noqa: F401  (registers the OpenAPI auth extension)
        from guild.api.services import api_tokens_erase, api_tokens_export
        from guild.core.privacy import register_eraser, register_exporter

        register_exporter("api_tokens", api_tokens_export)
        register_eraser("api_tokens", api_tokens_erase)
