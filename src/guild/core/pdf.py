"""HTML-to-PDF rendering with WeasyPrint, offline: only static and media files are fetched."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from guild.core.identity import get_identity


def _local_path(url: str) -> str | None:
    for prefix, resolver in (
        ("static:", finders.find),
        (settings.STATIC_URL, finders.find),
        (settings.MEDIA_URL, lambda rest: str(Path(settings.MEDIA_ROOT) / rest)),
    ):
        if url.startswith(prefix):
            path = resolver(url[len(prefix) :].split("?")[0])
            if path and Path(path).is_file():
                return str(Path(path).resolve())
    return None


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class OfflineFetcher(URLFetcher):
        """Serves static and media files from disk; refuses the network and other files."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _local_path(url)
            if path is None:
                raise ValueError(f"resource not allowed in PDFs: {url}")
            return super().fetch(Path(path).as_uri(), headers)

    return OfflineFetcher


def _url_fetcher(url: str):
    return _fetcher_class()().fetch(url)


def render_pdf(
    template: str,
    context: dict | None = None,
    *,
    language: str | None = None,
    stylesheets: list | None = None,
) -> bytes:
    """Render ``template`` to PDF bytes in ``language`` (default: the current language)."""
    from weasyprint import HTML

    ctx = {"identity": get_identity(), "SITE_URL": settings.SITE_URL, **(context or {})}
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        html = render_to_string(template, ctx)
    document = HTML(string=html, base_url=settings.STATIC_URL, url_fetcher=_fetcher_class()())
    return document.write_pdf(stylesheets=stylesheets)
