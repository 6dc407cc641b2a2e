import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from guild.accounts.models import User
from guild.api.models import ApiToken, hash_token
from guild.core.models import AuditEntry
from tests.factories import DEFAULT_PASSWORD

HOME = "/account/"


def test_account_page_needs_login(client, db):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_account_page_shows_profile_security_tokens_and_data(client_for, make_user):
    person = make_user("treasurer", first_name="Lucie")
    response = client_for(person).get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    for url in (
        "/auth/email/",
        "/auth/password/change/",
        "/auth/2fa/",
        "/account/export/",
        "/account/delete/",
        "/account/tokens/",
    ):
        assert url in html
    assert 'value="Lucie"' in html


def test_profile_update_switches_language(client_for, user):
    client = client_for(user)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Anne", "last_name": "Leroy", "language": "en"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.language) == ("Anne", "Leroy", "en")
    assert response.cookies["guild_language"].value == "en"
    page = client.get(HOME)
    assert page.content.decode().count("My account") >= 1
    assert '<html lang="en">' in page.content.decode()


def test_profile_update_invalid_keeps_input(client_for, user):
    response = client_for(user).post(
        reverse("accounts:profile"), {"first_name": "Zoé", "last_name": "", "language": "xx"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Zoé"' in html
    assert "is-invalid" in html
    user.refresh_from_db()
    assert user.first_name != "Zoé"


def test_profile_update_is_post_only(client_for, user):
    assert client_for(user).get(reverse("accounts:profile")).status_code == 405


def test_token_create_shows_raw_token_once(client_for, user):
    client = client_for(user)
    response = client.post(
        reverse("accounts:token_create"), {"name": "Tableur", "scopes": ["read", "write"]}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#api-tokens")
    token = ApiToken.objects.get(user=user)
    assert token.scopes == ["read", "write"]
    first = client.get(HOME).content.decode()
    start = first.index('id="new-token-value"')
    raw = first[start:].split('value="', 1)[1].split('"', 1)[0]
    assert raw.startswith("gld_")
    assert hash_token(raw) == token.token_hash
    second = client.get(HOME).content.decode()
    assert raw not in second
    assert token.prefix in second


def test_token_create_with_expiry(client_for, user):
    tomorrow = timezone.localdate() + timedelta(days=30)
    client_for(user).post(
        reverse("accounts:token_create"),
        {"name": "CI", "scopes": ["read"], "expires_on": tomorrow.isoformat()},
    )
    token = ApiToken.objects.get(user=user)
    assert timezone.localtime(token.expires_at).date() == tomorrow


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "scopes": ["read"]}, "name"),
        ({"name": "X", "scopes": []}, "scopes"),
        ({"name": "X", "scopes": ["read"], "expires_on": "2000-01-01"}, "expires_on"),
        ({"name": "X", "scopes": ["admin"]}, "scopes"),
    ],
)
def test_token_create_refusals(client_for, user, data, message):
    response = client_for(user).post(reverse("accounts:token_create"), data)
    assert response.status_code == 400
    assert response.context["token_form"].errors.get(message)
    assert not ApiToken.objects.exists()


def test_administrator_may_create_admin_token(client_for, admin_user):
    client_for(admin_user).post(
        reverse("accounts:token_create"), {"name": "Admin", "scopes": ["admin"]}
    )
    assert ApiToken.objects.get(user=admin_user).scopes == ["admin"]


def test_token_create_service_refusal_is_shown(client_for, user, monkeypatch):
    from guild.api import services as api_services

    monkeypatch.setattr(api_services, "MAX_ACTIVE_TOKENS", 0)
    response = client_for(user).post(
        reverse("accounts:token_create"), {"name": "X", "scopes": ["read"]}
    )
    assert response.status_code == 400
    assert response.context["token_form"].non_field_errors()
    assert not ApiToken.objects.exists()


def test_token_revoke(client_for, user):
    from guild.api.services import api_token_create

    token, _raw = api_token_create(actor=user, name="Old", scopes=["read"])
    client = client_for(user)
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert (
        "Revoked" in client.get(HOME).content.decode()
        or "Révoqué" in client.get(HOME).content.decode()
    )


def test_cannot_revoke_someone_elses_token(client_for, user, make_user):
    from guild.api.services import api_token_create

    token, _raw = api_token_create(actor=make_user(), name="Theirs", scopes=["read"])
    response = client_for(user).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_account_page_query_count_does_not_grow_with_tokens(
    client_for, user, django_assert_max_num_queries
):
    from guild.api.services import api_token_create

    client = client_for(user)
    for i in range(3):
        api_token_create(actor=user, name=f"T{i}", scopes=["read"])
    with django_assert_max_num_queries(20) as few:
        client.get(HOME)
    for i in range(3, 18):
        api_token_create(actor=user, name=f"T{i}", scopes=["read"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(HOME)


def test_download_my_data(client_for, user):
    response = client_for(user).post(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["sections"]["accounts"]["email"] == user.email


def test_download_is_post_only(client_for, user):
    assert client_for(user).get(reverse("accounts:export")).status_code == 405


def test_delete_page_and_wrong_password(client_for, user):
    client = client_for(user)
    assert client.get(reverse("accounts:delete")).status_code == 200
    response = client.post(reverse("accounts:delete"), {"password": "nope", "confirm": "on"})
    assert response.status_code == 400
    assert response.context["form"].errors["password"]
    user.refresh_from_db()
    assert user.is_active
    assert user.anonymised_at is None


def test_delete_needs_confirmation(client_for, user):
    response = client_for(user).post(reverse("accounts:delete"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert response.context["form"].errors["confirm"]


def test_delete_my_account(client_for, user):
    client = client_for(user)
    response = client.post(
        reverse("accounts:delete"), {"password": DEFAULT_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    person = User.objects.get(pk=user.pk)
    assert person.anonymised_at is not None
    assert person.email.endswith("@anonymised.invalid")
    assert AuditEntry.objects.filter(action="account.erase").exists()
    # Logged out: the account page asks to log in again, and the old password is refused.
    assert client.get(HOME).status_code == 302
    login = client.post("/auth/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert login.status_code == 200


def test_last_administrator_cannot_delete_account(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("accounts:delete"), {"password": DEFAULT_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    admin_user.refresh_from_db()
    assert admin_user.is_active
