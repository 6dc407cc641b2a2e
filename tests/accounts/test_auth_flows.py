"""Sign-up, verification, login, rate limits and e-mails, through allauth and Guild's outbox."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings

from guild.accounts.models import User
from guild.core.models import OutgoingEmail
from guild.core.outbox import render_email
from tests.factories import DEFAULT_PASSWORD

PASSWORD = "Un-mot-de-passe-solide-2026"


def _signup(client, email="nouvelle@example.org", **extra):
    return client.post(
        "/auth/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD, **extra}
    )


def test_signup_sends_verification_through_outbox(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@example.org")
    assert user.language == "fr"
    email = OutgoingEmail.objects.get(to="nouvelle@example.org")
    assert email.template == "accounts/email/email_confirmation_signup"
    assert email.category == "account"
    assert "/auth/confirm-email/" in email.body_text
    assert email.body_html
    assert "/auth/confirm-email/" in email.body_html
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/auth/confirm-email/\S+/", email.body_text).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert client.post("/" + path).status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    login = client.post("/auth/login/", {"login": user.email, "password": PASSWORD})
    assert login.status_code == 302
    assert login["Location"] == "/account/"


def test_signup_in_english_keeps_english(client, db):
    client.cookies["guild_language"] = "en"
    _signup(client, email="english@example.org")
    assert User.objects.get(email="english@example.org").language == "en"
    assert OutgoingEmail.objects.get(to="english@example.org").language == "en"


def test_signup_errors_are_french_and_keep_input(client, db):
    response = client.post(
        "/auth/signup/", {"email": "garde@example.org", "password1": "court", "password2": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="garde@example.org"' in html
    assert "invalid-feedback" in html
    assert "mot de passe" in html.lower()
    assert not User.objects.filter(email="garde@example.org").exists()


def test_unverified_user_cannot_log_in(client, db):
    _signup(client, email="pas-verifie@example.org")
    client.logout()
    response = client.post(
        "/auth/login/", {"login": "pas-verifie@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/auth/confirm-email/"


def test_signup_with_existing_address_sends_a_warning(client, user):
    _signup(client, email=user.email)
    sent = OutgoingEmail.objects.get(to=user.email)
    assert sent.template == "accounts/email/account_already_exists"
    assert "/auth/password/reset/" in sent.body_text


def test_password_reset_mails(client, user):
    client.post("/auth/password/reset/", {"email": user.email})
    client.post("/auth/password/reset/", {"email": "personne@example.org"})
    templates = dict(OutgoingEmail.objects.values_list("to", "template"))
    assert templates[user.email] == "accounts/email/password_reset_key"
    assert templates["personne@example.org"] == "accounts/email/unknown_account"
    reset = OutgoingEmail.objects.get(to=user.email)
    assert "/auth/password/reset/key/" in reset.body_text


@pytest.mark.parametrize(
    "name",
    [
        "email_confirmation",
        "email_confirmation_signup",
        "password_reset_key",
        "unknown_account",
        "account_already_exists",
    ],
)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_account_email_renders(name, language, user):
    context = {
        "user": user,
        "email": user.email,
        "activate_url": "https://x.test/a/",
        "password_reset_url": "https://x.test/r/",
        "signup_url": "https://x.test/s/",
    }
    subject, text, html = render_email(f"accounts/email/{name}", context, language)
    assert subject
    assert "\n" not in subject
    assert "https://x.test/" in text
    assert "https://x.test/" in html


def test_reauthentication_code_goes_through_outbox(client, user):
    client.force_login(user)
    assert client.get("/auth/reauthenticate/code/").status_code == 200
    response = client.post("/auth/reauthenticate/code/", {"recipient": user.email})
    assert response.status_code == 302
    sent = OutgoingEmail.objects.get(to=user.email)
    assert sent.template == "accounts/email/login_code"


def test_email_confirmation_with_code(user):
    _subject, text, _html = render_email(
        "accounts/email/email_confirmation", {"user": user, "code": "ABC123"}, "fr"
    )
    assert "ABC123" in text


def test_login_language_follows_preference(client, make_user):
    person = make_user(language="en")
    response = client.post("/auth/login/", {"login": person.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.cookies["guild_language"].value == "en"


def test_login_is_rate_limited(client, user):
    for _ in range(5):
        response = client.post("/auth/login/", {"login": user.email, "password": "mauvais"})
        assert response.status_code == 200
    # Even the right password is refused once the limit is reached.
    response = client.post("/auth/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_auth_pages_are_french_and_in_guild_layout(client, db):
    for url, words in [
        ("/auth/login/", ["Connexion", "Mot de passe"]),
        ("/auth/signup/", ["Inscription", "Mot de passe"]),
        ("/auth/password/reset/", ["Mot de passe oublié"]),
    ]:
        html = client.get(url).content.decode()
        assert '<html lang="fr">' in html
        assert 'id="main"' in html
        assert "bootstrap" in html
        assert "allauth-form" in html
        for word in words:
            assert word in html, (url, word)
        assert "<script>" not in html
        assert "style=" not in html


@override_settings(LANGUAGE_CODE="fr")
def test_manage_pages_render(client_for, user):
    client = client_for(user)
    for url in ["/auth/email/", "/auth/password/change/", "/auth/2fa/", "/auth/2fa/webauthn/add/"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "account-nav" in html or "entrance-card" in html, url
        assert "style=" not in html


def test_totp_activation_page_shows_qr_and_secret(client, user):
    client.post("/auth/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    response = client.get("/auth/2fa/totp/activate/")
    assert response["Location"].startswith("/auth/reauthenticate/")
    html = client.get(response["Location"]).content.decode()
    assert "entrance-card" in html or "account-nav" in html
    client.post(response["Location"], {"password": DEFAULT_PASSWORD})
    response = client.get("/auth/2fa/totp/activate/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'id="authenticator_secret"' in html


def test_security_notifications_when_enabled(client, user, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    client.post("/auth/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    response = client.post(
        "/auth/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    sent = OutgoingEmail.objects.get(to=user.email)
    assert sent.template == "accounts/email/security_notification"
    assert "mot de passe a été modifié" in sent.body_text
    assert "/account/" in sent.body_text


def test_no_security_notification_by_default(client, user):
    client.post("/auth/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    client.post(
        "/auth/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not OutgoingEmail.objects.filter(to=user.email).exists()
