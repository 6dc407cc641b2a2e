"""French first: the language is the user's choice (profile or language switch), else French.

Django's LocaleMiddleware would follow the browser's Accept-Language header; Guild serves a
French association, so a visitor sees French until they pick English in the footer switch
(cookie) or in their account (profile language).
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class FrenchFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        user = getattr(request, "user", None)
        if language not in SUPPORTED and user is not None and user.is_authenticated:
            language = getattr(user, "language", None)
        if language not in SUPPORTED:
            language = settings.LANGUAGE_CODE
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # Leave the thread as it was: a worker thread must not keep the last visitor's
            # language for work done outside a request.
            translation.activate(previous) if previous else translation.deactivate()
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


def _holds_nul(text: str) -> bool:
    return "\x00" in text


class NullCharacterMiddleware:
    """PostgreSQL can neither store nor compare text holding a NUL character: the driver
    refuses the query, so a ``%00`` in an address, a search, a form field read as is or a
    forged cookie used to end in an error 500. Such an address, query string or plain form is
    refused with a 400 (the error page, or the API's JSON error); a cookie holding one is
    ignored, as if absent. API bodies are checked by the API's parsers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, value in list(request.COOKIES.items()):
            if _holds_nul(name) or _holds_nul(value):
                del request.COOKIES[name]
        if _holds_nul(request.path_info) or _query_holds_nul(request.GET):
            raise BadRequest("NUL character in the address")
        if (
            request.method == "POST"
            # Only plain forms: reading a multipart body here would consume the stream that
            # a view may still read (uploads go through Django forms, which refuse NUL).
            and request.content_type == "application/x-www-form-urlencoded"
            and not request.path_info.startswith("/api/")  # the API's parsers check bodies
            and _query_holds_nul(request.POST)
        ):
            raise BadRequest("NUL character in a form")
        return self.get_response(request)


def _query_holds_nul(query) -> bool:
    return any(
        _holds_nul(key) or any(_holds_nul(value) for value in values)
        for key, values in query.lists()
    )
