"""drf-spectacular extensions: how personal API tokens appear in the OpenAPI schema."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "guild.api.authentication.ApiTokenAuthentication"
    name = "apiToken"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "gld_…",
            "description": (
                "Jeton personnel créé sur la page « Mon compte » : "
                "`Authorization: Bearer gld_…`. Portées : read, write, checkin, admin."
            ),
        }
