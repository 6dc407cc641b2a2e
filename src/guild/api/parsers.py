"""Request bodies (JSON, forms, multipart) holding a NUL character are refused whole.

PostgreSQL can neither store nor compare text holding a NUL: a field that looks an object up
(a commission's slug, a list's short name) would send it to the database, whose driver refuses
the query, and the caller got an error 500. Text fields already refuse it one by one; this
refuses it everywhere, keys included, with the API's usual 400.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from guild.core.middleware import holds_nul


def _checked(data):
    if holds_nul(getattr(data, "data", data)):
        raise ParseError(_("The request holds a null character (\\0), which no field accepts."))
    return data


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _checked(super().parse(stream, media_type, parser_context))


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _checked(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _checked(super().parse(stream, media_type, parser_context))
