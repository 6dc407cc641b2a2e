"""HTML-to-PDF rendering with WeasyPrint, offline: only static and media files are fetched."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from guild.core.identity import get_identity


def _url_fetcher(url: str, *args, **kwargs):
    from weasyprint.urls import default_url_fetcher

    if url.startswith(("data:",)):
        return default_url_fetcher(url, *args, **kwargs)
    for prefix, resolver in (
        ("static:", lambda rest: finders.find(rest)),
        (settings.STATIC_URL, lambda rest: finders.find(rest)),
        (settings.MEDIA_URL, lambda rest: str(Path(settings.MEDIA_ROOT) / rest)),
    ):
        if url.startswith(prefix):
            path = resolver(url[len(prefix):])
            if path and Path(path).is_file():
                return default_url_fetcher(Path(path).resolve().as_uri(), *args, **kwargs)
    if url.startswith("file://"):
        raise ValueError("file URLs are not allowed in PDFs")
    raise ValueError(f"external resources are not fetched in PDFs: {url}")


def render_pdf(template: str, context: dict | None = None, *, language: str | None = None,
               stylesheets: list | None = None) -> bytes:
    """Render ``template`` to PDF bytes in ``language`` (default: the current language)."""
    from weasyprint import HTML

    ctx = {"identity": get_identity(), "SITE_URL": settings.SITE_URL, **(context or {})}
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        html = render_to_string(template, ctx)
    document = HTML(string=html, base_url="static:", url_fetcher=_url_fetcher)
    return document.write_pdf(stylesheets=stylesheets)
