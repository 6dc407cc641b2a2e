"""A lean WSGI path for the two endpoints the show's opening morning hammers: the door's
redeem call and the registration (order) call, with an API token.

Django's full request cycle (twelve middlewares, URL resolution, DRF's request, negotiation,
serializer and renderer) costs several times what the work itself costs on these two calls.
This WSGI middleware, wrapped around Django's application in ``config/wsgi.py``, answers the
common case of each directly and hands **everything else** to Django unchanged:

- it answers only ``POST`` with ``Authorization: Bearer …`` whose token was verified by the
  normal API authentication in the last few seconds (``api_auth.cached_credentials``, the
  same cache the API views use), with a JSON body, no cookie, an allowed ``Host``, a secure
  request when ``SECURE_SSL_REDIRECT`` asks for one, and the view's own permission classes
  granting the request;
- it validates the body strictly (exact JSON types, the serializers' lengths and rules) and
  any doubt (a string where a number is expected, an unknown list, a malformed e-mail…) is
  handed to Django, which gives the full, translated error;
- the work itself is the same code as the API view's: ``redeem_payload`` and
  ``checkin_redeem`` for the door, ``api.place_order`` and ``order_place`` for orders, and
  refusals go through the API's own exception handler, so answers are identical (proven by
  ``tests/events/test_hotpath.py``, which sends each case through both paths).

Settings: ``EVENTS_HOT_PATH`` (default on) switches it off entirely.
"""

from __future__ import annotations

import io
import logging
import re

from django.conf import settings
from django.core import signals
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import close_old_connections
from django.http.request import split_domain_port, validate_host
from django.utils import timezone, translation
from django.utils.csp import CSP, build_policy
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

logger = logging.getLogger("django.request")

REDEEM_PATH = "/api/v1/checkin/redeem/"
ORDER_PATH = re.compile(r"/api/v1/events/(?P<slug>[-a-zA-Z0-9_]+)/orders/")
MAX_BODY = 64 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")
_REASONS = {200: "200 OK", 201: "201 Created", 400: "400 Bad Request"}


class Delegate(Exception):
    """Not a case for the hot path: Django answers it."""


class HotPath:
    def __init__(self, application):
        self.application = application
        self._renderer = JSONRenderer()

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "POST" or not getattr(
            settings, "EVENTS_HOT_PATH", True
        ):
            return self.application(environ, start_response)
        path = environ.get("PATH_INFO", "")
        if path == REDEEM_PATH:
            handler, kwargs = self._redeem, {}
        else:
            match = ORDER_PATH.fullmatch(path)
            if match is None:
                return self.application(environ, start_response)
            handler, kwargs = self._order, match.groupdict()
        try:
            length = int(environ.get("CONTENT_LENGTH") or -1)
        except ValueError:
            return self.application(environ, start_response)
        if not 0 < length <= MAX_BODY:
            return self.application(environ, start_response)
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)  # for Django, if it answers after all
        delegated = False
        try:
            status, data = self._handle(handler, _credentials(environ), body, kwargs)
        except Delegate:
            delegated = True
        except Exception:
            logger.exception("Internal Server Error (events hot path): %s", path)
            status, data = 500, _server_error()
        finally:
            _release_connections()
        if delegated:
            return self.application(environ, start_response)
        content = self._renderer.render(data)
        start_response(_REASONS.get(status, f"{status} Error"), _headers(environ, len(content)))
        return [content]

    def _handle(self, handler, credentials, body, kwargs):
        previous = translation.get_language()
        # What FrenchFirstLocaleMiddleware chooses for a request with no cookie and no session.
        translation.activate(settings.LANGUAGE_CODE)
        try:
            return handler(credentials, _json(body), **kwargs)
        finally:
            translation.activate(previous) if previous else translation.deactivate()

    def _redeem(self, credentials, data):
        from guild.events.api import RedeemView
        from guild.events.views.checkin import redeem_payload

        user, token = credentials
        _permitted(RedeemView, user, token)
        payload = {
            "token": _text(data, "token", 200, required=True),
            "list": _integer(data, "list"),
            "direction": _choice(data, "direction", ("entry", "exit"), default="entry"),
            "nonce": _text(data, "nonce", 64, required=True),
            "offline": _boolean(data, "offline"),
        }
        if "gate" in data:
            payload["gate"] = _text(data, "gate", 40, required=False)
        if "scanned_at" in data:
            payload["scanned_at"] = _datetime(data["scanned_at"]).isoformat()
        result, errors = redeem_payload(user, payload)
        if errors:
            raise Delegate
        return 200, result.as_dict()

    def _order(self, credentials, data, slug):
        from guild.events.api import OrderCreateView, order_refusal, place_order
        from guild.events.selectors import event_by_slug
        from guild.events.services import EventsError

        user, token = credentials
        _permitted(OrderCreateView, user, token)
        attendees = data.get("attendees")
        if not isinstance(attendees, list):
            raise Delegate
        values = {
            "buyer_name": _text(data, "buyer_name", 200, required=True),
            "buyer_email": _email(data, "buyer_email", required=True),
            "attendees": [_attendee(item) for item in attendees],
        }
        if "voucher" in data:
            values["voucher"] = _text(data, "voucher", 40, required=False)
        event = event_by_slug(slug)
        if event is None:
            raise Delegate
        try:
            return 201, place_order(user, event, values)
        except EventsError as exc:
            return _api_error(ValidationError(order_refusal(exc)))


def wrap(application):
    return HotPath(application)


# -- request checks --------------------------------------------------------------------


def _credentials(environ):
    from guild.events.api_auth import cached_credentials

    if "HTTP_COOKIE" in environ:  # a browser: sessions, CSRF, its language cookie
        raise Delegate
    accept = environ.get("HTTP_ACCEPT", "")
    if accept and accept != "*/*" and "application/json" not in accept:
        raise Delegate
    if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
        raise Delegate
    if settings.SECURE_SSL_REDIRECT and not _is_secure(environ):
        raise Delegate
    _check_host(environ)
    parts = environ.get("HTTP_AUTHORIZATION", "").split()
    if len(parts) != 2 or parts[0] != "Bearer":
        raise Delegate
    credentials = cached_credentials(parts[1])
    if credentials is None:  # first call of this token: the API authenticates it
        raise Delegate
    return credentials


def _is_secure(environ) -> bool:
    header = settings.SECURE_PROXY_SSL_HEADER
    if header:
        name, secure_value = header
        value = environ.get(name)
        if value is not None:
            return value.split(",", 1)[0].strip() == secure_value
    return environ.get("wsgi.url_scheme") == "https"


def _check_host(environ) -> None:
    host = environ.get("HTTP_HOST")
    if settings.USE_X_FORWARDED_HOST or not host:
        raise Delegate
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, allowed):
        raise Delegate


class _Request:
    """What the views' permission classes read of a request."""

    method = "POST"

    def __init__(self, user, auth):
        self.user, self.auth = user, auth


def _release_connections() -> None:
    """What Django does for database connections when a request finishes
    (``close_old_connections``: close one that errored and is unusable, or that outlived
    ``CONN_MAX_AGE``), called directly: dispatching the request signals cost a fifth of a
    scan. Skipped, like the signal's receiver, where it was disconnected (Django's test client
    does so: a test runs inside one transaction)."""
    key = (id(close_old_connections), id(None))
    if any(receiver[0] == key for receiver in signals.request_finished.receivers):
        close_old_connections()


def _permitted(view, user, token) -> None:
    """The view's own permission classes; their verdict is kept on the cached token object,
    so it lives exactly as long as the token's own verdict (``api_auth``)."""
    verdicts = token.__dict__.setdefault("_hotpath_verdicts", {})
    granted = verdicts.get(view)
    if granted is None:
        request = _Request(user, token)
        granted = verdicts[view] = all(
            permission().has_permission(request, view) for permission in view.permission_classes
        )
    if not granted:
        raise Delegate  # the API answers 403 with its message


# -- body validation: the serializers' rules, strictly typed; anything else is Django's --


def _json(body: bytes) -> dict:
    import json

    try:
        data = json.loads(body)
    except ValueError:
        raise Delegate from None
    if not isinstance(data, dict):
        raise Delegate
    return data


def _text(data: dict, name: str, max_length: int, *, required: bool) -> str:
    """A DRF ``CharField``: trimmed, no NUL or surrogate, not blank when required."""
    if name not in data:
        if required:
            raise Delegate
        return ""
    value = data[name]
    if type(value) is not str or "\x00" in value or _SURROGATE.search(value):
        raise Delegate
    value = value.strip()
    if (required and not value) or len(value) > max_length:
        raise Delegate
    return value


def _email(data: dict, name: str, *, required: bool) -> str:
    value = _text(data, name, 254, required=required)
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise Delegate from None
    return value


def _integer(data: dict, name: str) -> int:
    value = data.get(name)
    if type(value) is not int:
        raise Delegate
    return value


def _boolean(data: dict, name: str) -> bool:
    value = data.get(name, False)
    if type(value) is not bool:
        raise Delegate
    return value


def _choice(data: dict, name: str, choices: tuple[str, ...], *, default: str) -> str:
    value = data.get(name, default)
    if value not in choices or type(value) is not str:
        raise Delegate
    return value


def _datetime(value):
    """A DRF ``DateTimeField`` (ISO 8601), made aware in the current time zone."""
    if type(value) is not str:
        raise Delegate
    try:
        parsed = parse_datetime(value.strip())
    except (TypeError, ValueError):
        parsed = None
    if parsed is None:
        raise Delegate
    if timezone.is_naive(parsed):
        return timezone.make_aware(parsed)
    return parsed.astimezone(timezone.get_current_timezone())


def _attendee(item) -> dict:
    if not isinstance(item, dict):
        raise Delegate
    values = {
        "ticket_type": _integer(item, "ticket_type"),
        "first_name": _text(item, "first_name", 150, required=True),
        "last_name": _text(item, "last_name", 150, required=True),
        "share_with_exhibitors": _boolean(item, "share_with_exhibitors"),
    }
    if "email" in item:
        values["email"] = _email(item, "email", required=False)
    for name, max_length in (("company", 200), ("job_title", 150)):
        if name in item:
            values[name] = _text(item, name, max_length, required=False)
    if "answers" in item:
        if not isinstance(item["answers"], dict):
            raise Delegate
        values["answers"] = item["answers"]
    return values


# -- responses --------------------------------------------------------------------------


def _api_error(exc) -> tuple[int, dict]:
    """A refusal answered through the API's own exception handler (same body as the view)."""
    response = api_settings.EXCEPTION_HANDLER(exc, {})
    return response.status_code, response.data


def _server_error() -> dict:
    from django.utils.translation import gettext as _

    return {
        "error": {
            "code": "server_error",
            "message": _("An unexpected error occurred. Please try again."),
            "details": {},
        }
    }


def _headers(environ, length: int) -> list[tuple[str, str]]:
    """The headers Django's middlewares give an API answer (security, language, caching)."""
    secure = _is_secure(environ)
    key = (id(settings._wrapped), secure)
    if _HEADERS[0] != key:
        _HEADERS[:] = [key, _fixed_headers(secure)]
    return [("Content-Length", str(length)), *_HEADERS[1]]


_HEADERS: list = [None, []]


def _fixed_headers(secure: bool) -> list[tuple[str, str]]:
    headers = [
        ("Content-Type", "application/json"),
        ("Vary", "Accept, Cookie"),
        ("Allow", "POST, OPTIONS"),
        ("Content-Language", settings.LANGUAGE_CODE),
    ]
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        policy = settings.SECURE_REFERRER_POLICY
        if not isinstance(policy, str):
            policy = ",".join(policy)
        headers.append(("Referrer-Policy", policy))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    if settings.SECURE_HSTS_SECONDS and secure:
        value = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            value += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            value += "; preload"
        headers.append(("Strict-Transport-Security", value))
    headers.append(("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()))
    if settings.SECURE_CSP:
        headers.append((str(CSP.HEADER_ENFORCE), build_policy(settings.SECURE_CSP)))
    if settings.SECURE_CSP_REPORT_ONLY:
        headers.append((str(CSP.HEADER_REPORT_ONLY), build_policy(settings.SECURE_CSP_REPORT_ONLY)))
    return headers
