import pytest

from guild.outreach.models import Consent, Contact, Subscription

pytestmark = pytest.mark.django_db


def test_api_requires_staff(client_for, user):
    assert client_for(user).get("/api/v1/outreach/contacts/").status_code == 403


def test_subscription_create_with_consent(client_for, staff_user, newsletter):
    client = client_for(staff_user)
    response = client.post(
        "/api/v1/outreach/subscriptions/",
        {
            "email": "api@example.org",
            "mailing_list": "newsletter",
            "consent_wording": "J'accepte la lettre",
            "consent_source": "salon-stand",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    sub = Subscription.objects.get()
    assert sub.status == "active"
    assert sub.contact.source == "api"
    assert Consent.objects.get().source == "api:salon-stand"
    response = client.post(
        "/api/v1/outreach/subscriptions/",
        {"email": "api2@example.org", "mailing_list": "newsletter"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "consent_wording" in str(response.json())
    assert not Contact.objects.filter(email="api2@example.org").exists()


def test_contacts_lists_campaigns(client_for, staff_user, subscribers, make_campaign):
    client = client_for(staff_user)
    make_campaign()
    assert client.get("/api/v1/outreach/lists/").json()["results"][0]["slug"] == "newsletter"
    campaign = client.get("/api/v1/outreach/campaigns/").json()["results"][0]
    assert campaign["status"] == "draft"
    assert client.get(f"/api/v1/outreach/campaigns/{campaign['id']}/").json()["stats"] is None
    response = client.post(
        "/api/v1/outreach/contacts/",
        {"email": "new@example.org", "first_name": "Né"},
        content_type="application/json",
    )
    assert response.status_code == 201
    response = client.post(
        "/api/v1/outreach/contacts/", {"email": "nope"}, content_type="application/json"
    )
    assert response.status_code == 400


def test_api_list_query_count_flat(
    client_for, staff_user, make_contact, django_assert_max_num_queries
):
    client = client_for(staff_user)
    for i in range(3):
        make_contact(f"q{i}@example.org", tags=["a", "b"])
    with django_assert_max_num_queries(12) as few:
        client.get("/api/v1/outreach/contacts/")
    for i in range(30):
        make_contact(f"r{i}@example.org", tags=["a"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/outreach/contacts/")
