from django import template
from django.utils import translation

from guild.core.money import format_eur

register = template.Library()


@register.filter
def eur(value):
    if value is None or value == "":
        return ""
    return format_eur(value, translation.get_language() or "fr")
