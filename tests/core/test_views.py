"""Public and back-office pages of core: French first, permissions, identity, audit, outbox."""

import pytest
from django.urls import reverse

from guild.core.audit import audit_log
from guild.core.identity import get_identity
from guild.core.models import AssociationIdentity, AuditEntry, OutgoingEmail

pytestmark = pytest.mark.django_db


def test_home_is_french_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="fr">' in body
    assert "Aller au contenu principal" in body
    assert "Se connecter" in body


def test_language_switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()
    assert "Skip to main content" in response.content.decode()


def test_unknown_url_is_a_french_404(client):
    response = client.get("/nope/does-not-exist/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.parametrize(
    ("handler", "status", "text"),
    [
        ("bad_request", 400, "Requête incorrecte"),
        ("permission_denied", 403, "Accès refusé"),
        ("server_error", 500, "Erreur du serveur"),
    ],
)
def test_error_pages_are_french(rf, handler, status, text):
    from django.contrib.auth.models import AnonymousUser

    from guild.core.views import errors

    request = rf.get("/")
    request.user = AnonymousUser()
    response = (
        getattr(errors, handler)(request)
        if handler == "server_error"
        else getattr(errors, handler)(request, None)
    )
    assert response.status_code == status
    assert text in response.content.decode()


def test_csp_header_forbids_inline_scripts(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_brand_css_uses_the_identity_colour(client, admin_user):
    AssociationIdentity.objects.create(pk=1, name="A", short_name="A", brand_colour="#123456")
    response = client.get(reverse("core:brand_css"))
    assert response["Content-Type"].startswith("text/css")
    assert "#123456" in response.content.decode()


def test_manage_pages_need_a_role(client_for, user):
    client = client_for(user)
    for name in ("core:manage", "core:identity", "core:audit", "core:outbox"):
        assert client.get(reverse(name)).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("core:identity"))
    assert response.status_code == 302
    assert "/auth/login/" in response["Location"]


def test_administrator_edits_identity_and_it_is_logged(client_for, admin_user):
    client = client_for(admin_user)
    data = {
        "name": "Numérique Limousin",
        "short_name": "NumLim",
        "siren": "732 829 320",
        "brand_colour": "#0b5394",
        "contact_email": "contact@numlim.fr",
    }
    response = client.post(reverse("core:identity"), data, follow=True)
    assert response.status_code == 200
    assert "a été enregistrée" in response.content.decode()
    identity = get_identity()
    assert identity.name == "Numérique Limousin"
    assert identity.siren == "732829320"
    entry = AuditEntry.objects.get(action="identity.update")
    assert entry.actor_id == admin_user.pk
    assert entry.data["name"][1] == "Numérique Limousin"
    # The identity shows on public pages.
    assert "Numérique Limousin" in client.get("/").content.decode()


def test_invalid_identity_is_refused_in_french_and_keeps_input(client_for, admin_user):
    client = client_for(admin_user)
    response = client.post(
        reverse("core:identity"),
        {"name": "Mon asso", "short_name": "MA", "siren": "123456789", "brand_colour": "red"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ce numéro SIREN n&#x27;est pas valide" in body
    assert "#RRVVBB" in body
    assert 'value="Mon asso"' in body
    assert not AssociationIdentity.objects.exists()
    assert not AuditEntry.objects.exists()


def test_audit_list_filters_and_query_count(client_for, admin_user, django_assert_max_num_queries):
    client = client_for(admin_user)
    for i in range(3):
        audit_log(actor=admin_user, action=f"test.a{i}")
    client.get(reverse("core:audit"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("core:audit"))
    for i in range(40):
        audit_log(actor=admin_user, action=f"test.b{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("core:audit"))
    assert "test.b39" in response.content.decode()
    filtered = client.get(reverse("core:audit"), {"action": "test.a"}).content.decode()
    assert "test.a1" in filtered and "test.b1" not in filtered


def test_outbox_list_for_administrators(client_for, admin_user):
    OutgoingEmail.objects.create(
        to="x@example.org", from_email="a@b.fr", subject="Bonjour", body_text="t", status="failed"
    )
    response = client_for(admin_user).get(reverse("core:outbox"), {"status": "failed"})
    assert "x@example.org" in response.content.decode()


def test_dashboard_lists_sections_for_office_roles(client_for, admin_user):
    response = client_for(admin_user).get(reverse("core:manage"))
    assert response.status_code == 200
    assert "Journal d&#x27;audit" in response.content.decode()


def test_legal_page_shows_identity(client):
    AssociationIdentity.objects.create(
        pk=1,
        name="Asso X",
        short_name="X",
        siren="732829320",
        legal_mentions="Association loi 1901",
    )
    body = client.get(reverse("core:legal")).content.decode()
    assert "732829320" in body and "Association loi 1901" in body


def test_browser_language_does_not_override_french_first(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fr">' in response.content.decode()


def test_profile_language_applies_when_no_explicit_choice(client_for, make_user):
    english_user = make_user(language="en")
    response = client_for(english_user).get("/")
    assert '<html lang="en">' in response.content.decode()
