import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from guild.core.models import OutgoingEmail
from guild.members.models import Person
from guild.outreach import services, tokens
from guild.outreach.models import Consent, Contact, Subscription, Suppression

pytestmark = pytest.mark.django_db


def _confirm_url(body: str) -> str:
    return re.search(r"http://\S+/newsletter/confirm/\S+/", body).group(0)


def test_public_signup_double_opt_in(client, newsletter, salon, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/newsletter/",
            {
                "email": "Alice@Example.org",
                "first_name": "Alice",
                "lists": [newsletter.pk, salon.pk],
                "agree": "on",
            },
        )
    assert response.status_code == 302
    contact = Contact.objects.get(email="alice@example.org")
    assert contact.source == Contact.Source.FORM
    assert set(contact.subscriptions.values_list("status", flat=True)) == {"pending"}
    consent = contact.consents.first()
    assert "J'accepte" in consent.wording or "agree" in consent.wording
    assert consent.source.startswith("form:")
    assert len(mail.outbox) == 1
    url = _confirm_url(mail.outbox[0].body)
    path = url.split("testserver")[-1] if "testserver" in url else "/" + url.split("/", 3)[3]
    # GET only shows a button: a link scanner does not confirm anything.
    assert client.get(path).status_code == 200
    assert not contact.subscriptions.filter(status="active").exists()
    response = client.post(path)
    assert response.status_code == 200
    assert contact.subscriptions.filter(status="active").count() == 2
    assert contact.consents.filter(source="double-opt-in").count() == 2


def test_signup_refusals_write_nothing(client, newsletter):
    response = client.post(
        "/newsletter/", {"email": "pas-un-email", "lists": [newsletter.pk], "agree": "on"}
    )
    assert (
        "Saisissez une adresse e-mail valide" in response.content.decode()
        or response.status_code == 200
    )
    response = client.post("/newsletter/", {"email": "ok@example.org", "lists": [newsletter.pk]})
    assert response.status_code == 200
    response = client.post("/newsletter/", {"email": "ok@example.org", "agree": "on"})
    assert response.status_code == 200
    assert not Contact.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_service_refuses_invalid_email_and_no_list(newsletter):
    with pytest.raises(ValidationError):
        services.signup_request(email="bad", lists=[newsletter], wording="x", source="t")
    with pytest.raises(ValidationError):
        services.signup_request(email="a@example.org", lists=[], wording="x", source="t")
    assert not Contact.objects.exists()


def test_tampered_links_are_refused(client, subscribers):
    token = tokens.prefs_token(subscribers[0].pk)
    for url in (
        f"/newsletter/preferences/{token}x/",
        f"/newsletter/confirm/{token}/",
        f"/newsletter/unsubscribe/{token}/",
    ):
        response = client.get(url)
        assert response.status_code == 400
        assert "Ce lien est invalide" in response.content.decode()
    assert client.post(f"/newsletter/confirm/{token}/").status_code == 400
    assert client.get("/r/garbage/").status_code == 400


def test_preference_centre_without_login(client, subscribers, newsletter, salon):
    contact = subscribers[0]
    url = f"/newsletter/preferences/{tokens.prefs_token(contact.pk)}/"
    response = client.get(url)
    assert response.status_code == 200
    response = client.post(url, {"lists": [salon.pk]})
    assert response.status_code == 302
    statuses = dict(contact.subscriptions.values_list("mailing_list__slug", "status"))
    assert statuses == {"newsletter": "unsubscribed", "salon": "active"}
    client.post(url, {"lists": [], "everything": "1"})
    assert Suppression.objects.filter(email=contact.email, reason="unsubscribed").exists()


def test_one_click_unsubscribe_post_without_csrf(subscribers, newsletter):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    contact = subscribers[0]
    token = tokens.unsubscribe_token(contact.pk, newsletter.pk)
    assert client.get(f"/newsletter/unsubscribe/{token}/").status_code == 200
    assert contact.subscriptions.get().status == "active"
    response = client.post(f"/newsletter/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert contact.subscriptions.get().status == Subscription.Status.UNSUBSCRIBED
    assert contact.consents.filter(granted=False, source="one-click").exists()


def test_member_link_and_merge(make_contact, newsletter, salon, admin_user):
    person = Person.objects.create(first_name="Paul", last_name="Durand", email="paul@example.org")
    contact = make_contact("PAUL@example.org", [newsletter], tags=["presse"])
    assert contact.person == person
    dup = Contact.objects.create(
        email="paul.durand@example.org", first_name="Paul", organisation_name="Durand SARL"
    )
    services.subscription_set(
        actor=None, contact=dup, mailing_list=salon, active=True, source="t", wording="oui"
    )
    services.subscription_set(
        actor=None, contact=dup, mailing_list=newsletter, active=False, source="t", wording="non"
    )
    kept = services.contact_merge(actor=admin_user, keep=contact, duplicate=dup)
    assert not Contact.objects.filter(pk=dup.pk).exists()
    assert kept.organisation_name == "Durand SARL"
    statuses = dict(kept.subscriptions.values_list("mailing_list__slug", "status"))
    assert statuses == {"newsletter": "unsubscribed", "salon": "active"}
    assert kept.consents.count() >= 3
    with pytest.raises(ValidationError):
        services.contact_merge(actor=admin_user, keep=kept, duplicate=kept)


def test_consent_requires_wording(make_contact):
    contact = make_contact("x@example.org")
    with pytest.raises(ValidationError):
        services.consent_record(
            contact=contact, purpose=Consent.Purpose.LIST, wording="", source="t"
        )


def test_suppression_is_unique_case_insensitive(db):
    first = services.suppression_add(email="A@example.org", reason="bounced")
    assert services.suppression_add(email="a@EXAMPLE.org", reason="complained") == first
