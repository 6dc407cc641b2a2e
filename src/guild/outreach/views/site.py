"""The public site: news, pages fed by other apps, feeds, sitemap, widget, share image."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

from guild.core.identity import get_identity
from guild.outreach.campaigns import markdown_to_html
from guild.outreach.public_events import next_event, public_events
from guild.outreach.selectors import articles_published

PAGES = {
    "about": gettext_lazy("About the association"),
    "bylaws": gettext_lazy("Bylaws"),
    "board": gettext_lazy("Board composition"),
    "commissions": gettext_lazy("Commissions"),
    "events": gettext_lazy("Events"),
}
# Pages whose content belongs to another app: the page links to that app's URL by name.
PAGE_TARGETS = {
    "bylaws": "governance:bylaws",
    "board": "governance:board",
    "commissions": "commissions:public_list",
    "events": "events:public_list",
}


def _url_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def news_index(request):
    return render(request, "outreach/public/news.html", {"articles": articles_published()[:30]})


def article_detail(request, slug):
    article = get_object_or_404(articles_published(), slug=slug)
    return render(
        request,
        "outreach/public/article.html",
        {
            "article": article,
            "body": markdown_to_html(article.body),
            "og_url": settings.SITE_URL + article.get_absolute_url(),
        },
    )


def page(request, slug):
    if slug not in PAGES:
        raise Http404
    target = _url_or_empty(PAGE_TARGETS[slug]) if slug in PAGE_TARGETS else ""
    return render(
        request,
        "outreach/public/page.html",
        {
            "slug": slug,
            "title": PAGES[slug],
            "identity": get_identity(),
            "target": target,
            "events": public_events() if slug == "events" else [],
        },
    )


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed

    def title(self):
        return _("News from %(name)s") % {"name": get_identity().name}

    def link(self):
        return reverse("outreach:news")

    def description(self):
        return get_identity().tagline or self.title()

    def items(self):
        return articles_published()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or markdown_to_html(item.body)

    def item_pubdate(self, item):
        return item.published_at


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description


def events_ical(request):
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Guild//outreach//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", get_identity().name)
    for item in public_events():
        event = Event()
        event.add("uid", item.uid)
        event.add("summary", item.title)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        if item.summary:
            event.add("description", item.summary)
        cal.add_component(event)
    return HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")


@xframe_options_exempt
@csp_override({**settings.SECURE_CSP, "frame-ancestors": ["*"]})
def widget(request):
    """The next event with a register button, meant to be framed on members' sites: the only
    view whose CSP allows any frame ancestor."""
    return render(
        request, "outreach/public/widget.html", {"event": next_event(), "identity": get_identity()}
    )


def salon_image(request):
    """A 1200×630 PNG "Je serai au salon" in the brand colour, with the given name."""
    from PIL import Image, ImageDraw, ImageFont

    name = (request.GET.get("name") or "").strip()[:60]
    identity = get_identity()
    colour = identity.brand_colour or "#1d4ed8"
    image = Image.new("RGB", (1200, 630), colour)
    draw = ImageDraw.Draw(image)

    def font(size):
        for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",):
            try:
                return ImageFont.truetype(path, size)
            except OSError:
                continue
        return ImageFont.load_default(size=size)

    event = next_event()
    draw.rectangle([(40, 40), (1160, 590)], outline="white", width=6)
    draw.text((80, 110), "Je serai au salon", fill="white", font=font(86))
    draw.text(
        (80, 250), (event.title if event else identity.name)[:40], fill="white", font=font(48)
    )
    if event:
        draw.text((80, 320), event.start.strftime("%d/%m/%Y"), fill="white", font=font(40))
    if name:
        draw.text((80, 450), name, fill="white", font=font(56))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Cache-Control"] = "public, max-age=600"
    return response


class ArticleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return articles_published()

    def lastmod(self, item):
        return item.updated_at


class StaticSitemap(Sitemap):
    def items(self):
        return ["outreach:news", "outreach:signup", *[f"page:{slug}" for slug in PAGES]]

    def location(self, item):
        if item.startswith("page:"):
            return reverse("outreach:page", args=[item[5:]])
        return reverse(item)


SITEMAPS = {"news": ArticleSitemap, "pages": StaticSitemap}
