"""The API plumbing other apps build on: errors, scopes, rules permissions, pagination."""

import pytest
import rules
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from guild.api.errors import error_response
from guild.api.permissions import RulesPermission, TokenScopes
from guild.api.services import api_token_create

factory = APIRequestFactory()

rules.add_perm("tests.view_thing", rules.is_authenticated)
rules.add_perm("tests.change_thing", rules.predicate(lambda user, obj=None: obj in (None, "mine")))


class Raising(APIView):
    def get(self, request):
        kind = request.query_params["kind"]
        if kind == "django-validation":
            raise DjangoValidationError({"name": ["Nom obligatoire."]})
        if kind == "django-validation-plain":
            raise DjangoValidationError("Refusé.")
        if kind == "http404":
            raise Http404
        if kind == "denied":
            raise PermissionDenied
        if kind == "drf-validation":
            raise serializers.ValidationError({"field": ["bad"]})
        if kind == "custom":
            return error_response("conflict", "Déjà fait.", status.HTTP_409_CONFLICT)
        raise RuntimeError("unexpected")


class CheckinOnly(APIView):
    required_scopes = {"checkin"}
    permission_classes = [TokenScopes]

    def get(self, request):
        return Response({"ok": True})


class Ruled(APIView):
    permission_classes = [RulesPermission]
    permission_map = {"get": "tests.view_thing", "post": "tests.change_thing"}

    def get(self, request):
        return Response({"ok": True})

    def post(self, request):
        self.check_object_permissions(request, request.data.get("obj"))
        return Response({"ok": True})


class ObjectOnly(Ruled):
    object_permission_only = True
    action = "retrieve"
    permission_map = {"*": "tests.change_thing"}


@pytest.mark.parametrize(
    ("kind", "code", "http"),
    [
        ("django-validation", "invalid", 400),
        ("django-validation-plain", "invalid", 400),
        ("drf-validation", "invalid", 400),
        ("http404", "not_found", 404),
        ("denied", "permission_denied", 403),
        ("custom", "conflict", 409),
    ],
)
def test_errors_share_one_format(user, kind, code, http):
    request = factory.get("/x/", {"kind": kind})
    force_authenticate(request, user=user)
    response = Raising.as_view()(request)
    assert response.status_code == http
    assert response.data["error"]["code"] == code
    assert set(response.data["error"]) == {"code", "message", "details"}


def test_validation_details_are_kept(user):
    request = factory.get("/x/", {"kind": "django-validation"})
    force_authenticate(request, user=user)
    response = Raising.as_view()(request)
    assert response.data["error"]["details"] == {"name": ["Nom obligatoire."]}


def test_unhandled_errors_are_left_to_django(user):
    request = factory.get("/x/", {"kind": "boom"})
    force_authenticate(request, user=user)
    with pytest.raises(RuntimeError):
        Raising.as_view()(request)


def test_required_scopes(user):
    ok, raw = api_token_create(actor=user, name="Door", scopes=["checkin"])
    nope, _ = api_token_create(actor=user, name="Read", scopes=["read"])
    for token, expected in [(ok, 200), (nope, 403)]:
        request = factory.get("/x/")
        force_authenticate(request, user=user, token=token)
        assert CheckinOnly.as_view()(request).status_code == expected
    # Session requests (the web UI) are not limited by scopes.
    request = factory.get("/x/")
    force_authenticate(request, user=user)
    assert CheckinOnly.as_view()(request).status_code == 200


def test_rules_permission(user):
    request = factory.get("/x/")
    force_authenticate(request, user=user)
    assert Ruled.as_view()(request).status_code == 200
    for obj, expected in [("mine", 200), ("theirs", 403)]:
        request = factory.post("/x/", {"obj": obj}, format="json")
        force_authenticate(request, user=user)
        assert Ruled.as_view()(request).status_code == expected


def test_object_permission_only_defers_to_object_check(user):
    request = factory.post("/x/", {"obj": "theirs"}, format="json")
    force_authenticate(request, user=user)
    assert ObjectOnly.as_view()(request).status_code == 403
