from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from guild.api.models import ApiToken

SAFE = {"GET", "HEAD", "OPTIONS"}


class TokenScopes(permissions.BasePermission):
    """Token requests need the view's scopes: ``read`` for safe methods, ``write`` otherwise.

    A view may set ``required_scopes = {"checkin"}`` to demand a specific scope.
    Session-authenticated requests (the web UI) are not limited by scopes.
    """

    message = _("Your token does not carry the scope this request needs.")

    def has_permission(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return True
        granted = set(request.auth.scopes)
        if "admin" in granted:
            return True
        required = getattr(view, "required_scopes", None)
        if required:
            return set(required) <= granted
        needed = "read" if request.method in SAFE else "write"
        return needed in granted


class RulesPermission(permissions.BasePermission):
    """Map a view's ``permission_map = {"list": "app.view_x", ...}`` to django-rules checks."""

    def _perm(self, view):
        mapping = getattr(view, "permission_map", {})
        action = getattr(view, "action", None) or view.request.method.lower()
        return mapping.get(action, mapping.get("*"))

    def has_permission(self, request, view):
        perm = self._perm(view)
        if perm is None:
            return True
        if getattr(view, "object_permission_only", False) and view.action not in {"list", "create"}:
            return True
        return request.user.has_perm(perm)

    def has_object_permission(self, request, view, obj):
        perm = self._perm(view)
        return perm is None or request.user.has_perm(perm, obj)
