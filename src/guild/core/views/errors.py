"""French (and English) error pages that never depend on the database being reachable."""

from django.shortcuts import render


def _render(request, status: int, template: str):
    return render(request, template, status=status)


def bad_request(request, exception=None):
    return _render(request, 400, "errors/400.html")


def permission_denied(request, exception=None):
    return _render(request, 403, "errors/403.html")


def page_not_found(request, exception=None):
    return _render(request, 404, "errors/404.html")


def server_error(request):
    return _render(request, 500, "errors/500.html")
