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


def holds_nul(value) -> bool:
    """Whether ``value`` holds a NUL character: text, or any key or item of a dict, a list or
    a QueryDict (a query string, a form), at any depth."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(holds_nul(item) for item in value)
    if hasattr(value, "lists"):  # QueryDict
        return any(holds_nul(key) or holds_nul(items) for key, items in value.lists())
    return False


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
            if holds_nul(name) or holds_nul(value):
                del request.COOKIES[name]
        if holds_nul(request.path_info) or holds_nul(request.GET):
            raise BadRequest("NUL character in the address")
        if (
            request.method == "POST"
            # Only plain forms: reading a multipart body here would consume the stream that
            # a view may still read (uploads go through Django forms, which refuse NUL).
            and request.content_type == "application/x-www-form-urlencoded"
            and not request.path_info.startswith("/api/")  # the API's parsers check bodies
            and holds_nul(request.POST)
        ):
            raise BadRequest("NUL character in a form")
        return self.get_response(request)
