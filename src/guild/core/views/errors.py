"""French (and English) error pages that never depend on the database being reachable.

Under ``/api/`` the same errors answer in the API's one error format,
``{"error": {"code", "message", "details"}}``, instead of an HTML page.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _render(request, status: int, template: str, code: str, message):
    if request.path.startswith(API_PREFIX):
        error = {"code": code, "message": str(message), "details": {}}
        return JsonResponse({"error": error}, status=status)
    return render(request, template, status=status)


def bad_request(request, exception=None):
    return _render(
        request, 400, "errors/400.html", "bad_request", _("The request could not be understood.")
    )


def permission_denied(request, exception=None):
    return _render(request, 403, "errors/403.html", "permission_denied", _("You may not do this."))


def page_not_found(request, exception=None):
    return _render(request, 404, "errors/404.html", "not_found", _("Not found."))


def server_error(request):
    return _render(
        request, 500, "errors/500.html", "server_error", _("An error occurred on the server.")
    )
