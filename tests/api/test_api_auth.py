from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from guild.api.models import ApiToken
from guild.api.services import TokenError, api_token_create, api_token_revoke
from guild.core.models import AuditEntry

ME = "/api/v1/me/"


@pytest.fixture
def api():
    return APIClient()


def _bearer(api, raw):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return api


def test_me_with_token_returns_scopes_and_roles(api, make_user):
    person = make_user("treasurer")
    token, raw = api_token_create(actor=person, name="Compta", scopes=["read", "write"])
    response = _bearer(api, raw).get(ME)
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == person.email
    assert body["scopes"] == ["read", "write"]
    assert body["roles"] == ["treasurer"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_me_with_session_has_no_scopes(api, user):
    api.force_login(user)
    response = api.get(ME)
    assert response.status_code == 200
    assert response.json()["scopes"] is None


def _assert_error(response, status):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["message"]
    return body["error"]


def test_me_without_credentials_is_401(api, db):
    error = _assert_error(api.get(ME), 401)
    assert error["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "header",
    ["Bearer gld_not-a-real-token", "Bearer", "Bearer a b", "Bearer \u00e9\u00e9"],
)
def test_garbage_tokens_are_401(api, db, header):
    api.credentials(HTTP_AUTHORIZATION=header)
    _assert_error(api.get(ME), 401)


def test_other_auth_scheme_is_ignored(api, db):
    api.credentials(HTTP_AUTHORIZATION="Basic Zm9vOmJhcg==")
    _assert_error(api.get(ME), 401)


def test_revoked_token_is_401(api, user):
    token, raw = api_token_create(actor=user, name="Old", scopes=["read"])
    api_token_revoke(actor=user, token=token)
    error = _assert_error(_bearer(api, raw).get(ME), 401)
    assert error["code"] == "authentication_failed"


def test_expired_token_is_401(api, user):
    token, raw = api_token_create(
        actor=user, name="Short", scopes=["read"], expires_at=timezone.now() + timedelta(days=1)
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    _assert_error(_bearer(api, raw).get(ME), 401)


def test_token_of_inactive_user_is_401(api, user):
    _token, raw = api_token_create(actor=user, name="T", scopes=["read"])
    user.is_active = False
    user.save()
    _assert_error(_bearer(api, raw).get(ME), 401)


def test_token_without_write_scope_cannot_post(api, user):
    _token, raw = api_token_create(actor=user, name="Lecture", scopes=["read"])
    error = _assert_error(_bearer(api, raw).post(ME, {}), 403)
    assert error["code"] == "permission_denied"


def test_token_with_write_scope_reaches_the_view(api, user):
    _token, raw = api_token_create(actor=user, name="RW", scopes=["read", "write"])
    # The scope check passes; /me/ itself only answers GET.
    _assert_error(_bearer(api, raw).post(ME, {}), 405)


def test_token_without_read_scope_cannot_get(api, user):
    _token, raw = api_token_create(actor=user, name="Checkin", scopes=["checkin"])
    _assert_error(_bearer(api, raw).get(ME), 403)


def test_admin_scope_passes_every_check(api, admin_user):
    _token, raw = api_token_create(actor=admin_user, name="Admin", scopes=["admin"])
    assert _bearer(api, raw).get(ME).status_code == 200


def test_unknown_url_is_404_in_error_format(api, user):
    api.force_login(user)
    error = _assert_error(api.get("/api/v1/nothing-here/"), 404)
    assert error["code"]


def test_schema_is_served(api, user):
    api.force_login(user)
    response = api.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"apiToken" in response.content


# --- services ---------------------------------------------------------------------------------


def test_token_is_stored_hashed_and_logged(user):
    token, raw = api_token_create(actor=user, name=" Script ", scopes=["write", "read", "read"])
    assert raw.startswith("gld_")
    assert raw not in token.token_hash
    assert token.name == "Script"
    assert token.scopes == ["read", "write"]
    assert token.prefix == raw[:12]
    assert AuditEntry.objects.filter(action="api_token.create").count() == 1


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"name": "", "scopes": ["read"]}, "nom|name"),
        ({"name": "X", "scopes": []}, "portée|scope"),
        ({"name": "X", "scopes": ["root"]}, "root"),
        ({"name": "X", "scopes": ["admin"]}, "admin"),
        ({"name": "X", "scopes": ["read"], "expires_at": timezone.now()}, "futur|future"),
    ],
)
def test_token_create_refusals(user, kwargs, fragment):
    with pytest.raises(TokenError, match=fragment):
        api_token_create(actor=user, **kwargs)
    assert not ApiToken.objects.exists()


def test_token_limit(user, monkeypatch):
    from guild.api import services

    monkeypatch.setattr(services, "MAX_ACTIVE_TOKENS", 2)
    api_token_create(actor=user, name="1", scopes=["read"])
    api_token_create(actor=user, name="2", scopes=["read"])
    with pytest.raises(TokenError):
        api_token_create(actor=user, name="3", scopes=["read"])


def test_revoke_refuses_someone_else_and_is_idempotent(user, make_user):
    token, _raw = api_token_create(actor=user, name="Mine", scopes=["read"])
    with pytest.raises(TokenError):
        api_token_revoke(actor=make_user(), token=token)
    api_token_revoke(actor=user, token=token)
    first = token.revoked_at
    api_token_revoke(actor=user, token=token)
    assert token.revoked_at == first
    assert AuditEntry.objects.filter(action="api_token.revoke").count() == 1
    assert str(token).startswith("Mine (gld_")


def test_api_docs_are_self_hosted(client, db):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/api/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "https://" not in html
    assert "<style>" not in html
    assert "<script>" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()
