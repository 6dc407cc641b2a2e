from django.http import JsonResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from guild.api.models import ApiToken


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    display_name = serializers.CharField()
    language = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    scopes = serializers.ListField(child=serializers.CharField(), allow_null=True)


class MeView(APIView):
    """Who the token or session belongs to, with roles and scopes."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        data = {
            "id": user.pk,
            "email": user.email,
            "display_name": user.display_name,
            "language": user.language,
            "roles": sorted(user.role_codes),
            "scopes": request.auth.scopes if isinstance(request.auth, ApiToken) else None,
        }
        return Response(MeSerializer(data).data)


def not_found(request, *args, **kwargs):
    """Unknown API URL: a 404 in the API's error format."""
    return JsonResponse(
        {
            "error": {
                "code": "not_found",
                "message": _("No API endpoint at this address."),
                "details": {},
            }
        },
        status=404,
    )


class ApiDocsView(SpectacularSwaggerSplitView):
    """Interactive API documentation (Swagger UI) that works under the strict CSP: the UI is
    vendored in ``api/static/api/vendor/swagger-ui`` and its set-up script is a separate
    request, not an inline ``<script>``."""

    template_name = "api/swagger_ui.html"
    title = "API Guild"

    @staticmethod
    def _swagger_ui_resource(filename):
        return static(f"api/vendor/swagger-ui/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return None
