import datetime as dt

import pytest
from django.utils import timezone

from guild.outreach.models import Article
from guild.outreach.public_events import PublicEvent, _providers, register_public_events

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(staff_user):
    return Article.objects.create(
        title="Le salon arrive",
        slug="le-salon-arrive",
        summary="Inscriptions ouvertes",
        body="**Venez !**",
        published_at=timezone.now() - dt.timedelta(hours=1),
        author=staff_user,
    )


@pytest.fixture
def event():
    start = timezone.now() + dt.timedelta(days=10)
    ev = PublicEvent(
        uid="salon-2026@guild",
        title="Salon du numérique 2026",
        start=start,
        end=start + dt.timedelta(hours=8),
        url="https://example.org/salon",
        location="Pau",
        summary="Le salon",
        register_url="https://example.org/r",
    )
    register_public_events(lambda: [ev])
    yield ev
    _providers.clear()


def test_news_pages_and_opengraph(client, article):
    Article.objects.create(title="Brouillon", slug="brouillon", body="x")
    page = client.get("/news/").content.decode()
    assert "Le salon arrive" in page
    assert "Brouillon" not in page
    detail = client.get("/news/le-salon-arrive/").content.decode()
    assert 'property="og:title" content="Le salon arrive"' in detail
    assert "<strong>Venez !</strong>" in detail
    assert client.get("/news/brouillon/").status_code == 404


def test_feeds_and_sitemap(client, article):
    rss = client.get("/news/feed/rss/")
    assert rss.status_code == 200
    assert b"<rss" in rss.content
    assert b"Le salon arrive" in rss.content
    atom = client.get("/news/feed/atom/")
    assert b"http://www.w3.org/2005/Atom" in atom.content
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/news/le-salon-arrive/" in sitemap
    assert "/pages/about/" in sitemap


def test_pages_fall_back_when_other_apps_missing(client, event):
    for slug in ("about", "bylaws", "board", "commissions", "events"):
        assert client.get(f"/pages/{slug}/").status_code == 200
    assert "Salon du numérique 2026" in client.get("/pages/events/").content.decode()
    assert client.get("/pages/unknown/").status_code == 404


def test_ical_feed(client, event):
    response = client.get("/events.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Salon du num" in response.content
    assert b"LOCATION:Pau" in response.content


def test_ical_feed_empty_without_events(client):
    assert b"BEGIN:VCALENDAR" in client.get("/events.ics").content


def test_widget_can_be_framed_only_there(client, event):
    response = client.get("/widget/next-event/")
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert "https://example.org/r" in response.content.decode()
    other = client.get("/news/")
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]


def test_widget_without_event(client):
    assert "Aucun évènement prévu" in client.get("/widget/next-event/").content.decode()


def test_salon_image(client, event):
    from io import BytesIO

    from PIL import Image

    response = client.get("/share/salon.png?name=Agence Pixel")
    assert response["Content-Type"] == "image/png"
    image = Image.open(BytesIO(response.content))
    assert image.size == (1200, 630)
    assert image.getpixel((5, 5)) == (0x1D, 0x4E, 0xD8)
