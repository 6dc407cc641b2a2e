import pytest

from guild.outreach.models import (
    Article,
    Campaign,
    Consent,
    Contact,
    MailingList,
    Segment,
    Subscription,
)

pytestmark = pytest.mark.django_db


def test_manage_requires_permission(client_for, user):
    assert client_for(user).get("/manage/outreach/contacts/").status_code == 403


def test_contacts_list_query_count(
    client_for, staff_user, make_contact, newsletter, django_assert_max_num_queries
):
    client = client_for(staff_user)
    for i in range(3):
        make_contact(f"a{i}@example.org", [newsletter], tags=["x"])
    with django_assert_max_num_queries(30) as few:
        assert client.get("/manage/outreach/contacts/").status_code == 200
    for i in range(30):
        make_contact(f"b{i}@example.org", [newsletter], tags=["y"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/manage/outreach/contacts/?q=example")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/manage/outreach/lists/")


def test_campaigns_list_query_count(
    client_for, staff_user, make_campaign, django_assert_max_num_queries
):
    client = client_for(staff_user)
    for _i in range(3):
        make_campaign()
    with django_assert_max_num_queries(30) as few:
        client.get("/manage/outreach/campaigns/")
    for _i in range(30):
        make_campaign()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/manage/outreach/campaigns/")


def test_contact_create_detail_merge(client_for, staff_user, make_contact):
    client = client_for(staff_user)
    response = client.post(
        "/manage/outreach/contacts/new/",
        {
            "email": "new@example.org",
            "first_name": "Léa",
            "kind": "press",
            "tag_names": "presse, salon",
        },
    )
    contact = Contact.objects.get(email="new@example.org")
    assert response.status_code == 302
    assert contact.tags.count() == 2
    make_contact("dup@example.org", organisation_name="Pixel")
    url = f"/manage/outreach/contacts/{contact.pk}/"
    assert client.get(url).status_code == 200
    client.post(url, {"merge": "dup@example.org"})
    contact.refresh_from_db()
    assert contact.organisation_name == "Pixel"
    client.post(url, {"merge": "nobody@example.org"})
    response = client.post(url, {"merge": "new@example.org"}, follow=True)
    assert "fusionné avec lui-même" in response.content.decode()


def test_segment_live_count_and_save(client_for, staff_user, subscribers):
    client = client_for(staff_user)
    response = client.get(
        "/manage/outreach/segments/count/?f_departement=64", HTTP_HX_REQUEST="true"
    )
    assert "1 contact correspondant" in response.content.decode()
    client.post("/manage/outreach/segments/new/", {"name": "Landes", "f_departement": "40"})
    segment = Segment.objects.get()
    assert segment.filters == {"departement": "40"}
    page = client.get(f"/manage/outreach/segments/{segment.pk}/").content.decode()
    assert "2 contacts correspondants" in page
    assert "Landes" in client.get("/manage/outreach/segments/").content.decode()


def test_campaign_compose_preview_test_and_send(
    client_for, staff_user, subscribers, newsletter, smtp_server, django_capture_on_commit_callbacks
):
    client = client_for(staff_user)
    response = client.post(
        "/manage/outreach/campaigns/new/",
        {
            "subject": "Bonjour {{ prenom }}",
            "preheader": "p",
            "body": "Hello {{ prenom }}",
            "mailing_list": newsletter.pk,
        },
    )
    campaign = Campaign.objects.get()
    url = f"/manage/outreach/campaigns/{campaign.pk}/"
    assert response.status_code == 302
    assert client.get(url + f"?as={subscribers[0].pk}").status_code == 200
    preview = client.get(url + f"preview/?as={subscribers[0].pk}")
    assert "Prénom0" in preview.content.decode()
    assert "default-src 'none'" in preview["Content-Security-Policy"]
    client.post(url, {"test-to": "me@example.org"})
    assert smtp_server.messages[-1]["To"] == "me@example.org"
    client.post(
        url + "edit/", {"subject": "Salut {{ prenom }}", "body": "x", "mailing_list": newsletter.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"schedule-when": ""})
    campaign.refresh_from_db()
    assert campaign.status == "sent"
    assert campaign.subject == "Salut {{ prenom }}"
    assert len(smtp_server.messages) == 4
    progress = client.get(url + "progress/").content.decode()
    assert "<progress" in progress
    response = client.post(url, {"schedule-when": ""}, follow=True)
    assert "déjà été envoyée" in response.content.decode()
    response = client.post(
        url + "edit/", {"subject": "x", "body": "x", "mailing_list": newsletter.pk}
    )
    assert "ne peut plus être modifiée" in response.content.decode()


def test_sending_needs_send_permission(client_for, make_user, make_campaign, subscribers):
    secretary = make_user("secretary")
    campaign = make_campaign()
    response = client_for(secretary).post(
        f"/manage/outreach/campaigns/{campaign.pk}/", {"schedule-when": ""}
    )
    assert response.status_code == 403


def test_articles_manage(client_for, staff_user):
    client = client_for(staff_user)
    assert client.get("/manage/outreach/news/").status_code == 200
    client.post(
        "/manage/outreach/news/new/",
        {"title": "T", "slug": "t", "body": "b", "published_at": "2026-01-01T10:00"},
    )
    article = Article.objects.get()
    assert article.author == staff_user
    assert client.get(f"/manage/outreach/news/{article.pk}/").status_code == 200
    assert client.get("/manage/outreach/contacts/new/").status_code == 200
    assert client.get("/manage/outreach/campaigns/new/").status_code == 200
    assert client.get("/manage/outreach/segments/new/").status_code == 200
    assert client.get("/manage/outreach/contacts/import/").status_code == 200


def test_demo_is_idempotent(db):
    from io import StringIO

    from guild.core.demo import DemoContext
    from guild.outreach.demo import seed

    ctx = DemoContext(stdout=StringIO())
    seed(ctx)
    seed(ctx)
    assert Contact.objects.count() == 4
    assert Campaign.objects.count() == 1


def test_staff_create_and_edit_a_list_linked_to_a_commission(client_for, staff_user):
    from guild.commissions.models import Commission

    commission = Commission.objects.create(name="Numérique responsable", slug="nr")
    client = client_for(staff_user)
    assert client.get("/manage/outreach/lists/new/").status_code == 200
    response = client.post(
        "/manage/outreach/lists/new/",
        {
            "name": "Numérique responsable",
            "slug": "numerique-responsable",
            "kind": "commission",
            "description": "Les nouvelles de la commission.",
            "is_public": "on",
            "commission": commission.pk,
        },
    )
    mailing_list = MailingList.objects.get(slug="numerique-responsable")
    assert response.status_code == 302
    assert mailing_list.commission == commission
    assert mailing_list.is_public
    page = client.get("/manage/outreach/lists/").content.decode()
    assert "Numérique responsable" in page
    # Bad input: a short name already used → French error, nothing written.
    response = client.post(
        "/manage/outreach/lists/new/",
        {"name": "Doublon", "slug": "numerique-responsable", "kind": "other"},
    )
    assert response.status_code == 200
    assert "existe déjà" in response.content.decode()
    assert MailingList.objects.count() == 1
    response = client.post(
        f"/manage/outreach/lists/{mailing_list.pk}/edit/",
        {"name": "NR", "slug": "numerique-responsable", "kind": "commission"},
    )
    mailing_list.refresh_from_db()
    assert mailing_list.name == "NR"
    assert not mailing_list.is_public


def test_list_subscribers_with_consent_proof_add_unsubscribe_export(
    client_for, staff_user, make_contact, newsletter
):
    make_contact("deja@example.org", [newsletter])
    client = client_for(staff_user)
    url = f"/manage/outreach/lists/{newsletter.pk}/"
    page = client.get(url).content.decode()
    assert "deja@example.org" in page
    assert "J&#x27;accepte." in page or "J'accepte." in page
    # Add a contact with the proof of consent.
    response = client.post(
        url,
        {
            "email": "Salon@Example.org",
            "first_name": "Léa",
            "wording": "Je souhaite recevoir la lettre d'information.",
            "source": "bulletin papier, salon 2026",
        },
    )
    assert response.status_code == 302
    sub = Subscription.objects.get(mailing_list=newsletter, contact__email="salon@example.org")
    assert sub.status == "active"
    consent = Consent.objects.get(contact=sub.contact, list_slug="newsletter")
    assert consent.source == "bulletin papier, salon 2026"
    # Bad input: no consent wording → error, nothing written.
    response = client.post(url, {"email": "sans@example.org", "wording": "", "source": "x"})
    assert response.status_code == 200
    assert not Contact.objects.filter(email="sans@example.org").exists()
    # Unsubscribe by staff: recorded as a consent withdrawal.
    client.post(url, {"unsubscribe": sub.pk})
    client.get(url)  # shows (and consumes) the confirmation message
    sub.refresh_from_db()
    assert sub.status == "unsubscribed"
    assert Consent.objects.filter(contact=sub.contact, granted=False).exists()
    assert "salon@example.org" not in client.get(url + "?status=active").content.decode()
    export = client.get(url + "export.csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert export["Content-Type"].startswith("text/csv")
    assert "salon@example.org;Léa;;unsubscribed" in text
    assert "consent_wording" in text.splitlines()[0]


def test_list_short_name_cannot_change_once_subscribed(
    client_for, staff_user, make_contact, newsletter
):
    make_contact("a@example.org", [newsletter])
    response = client_for(staff_user).post(
        f"/manage/outreach/lists/{newsletter.pk}/edit/",
        {"name": "Lettre", "slug": "autre", "kind": "newsletter"},
    )
    assert response.status_code == 200
    newsletter.refresh_from_db()
    assert newsletter.slug == "newsletter"


def test_list_screens_require_permission(client_for, user, newsletter):
    client = client_for(user)
    for url in (
        "new/",
        f"{newsletter.pk}/",
        f"{newsletter.pk}/edit/",
        f"{newsletter.pk}/export.csv",
    ):
        assert client.get(f"/manage/outreach/lists/{url}").status_code == 403
