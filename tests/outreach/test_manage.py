import pytest

from guild.outreach.models import Article, Campaign, Contact, Segment

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
