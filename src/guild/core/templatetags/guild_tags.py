"""Small display filters shared by every app's templates."""

from django import template

from guild.core.departements import label

register = template.Library()


@register.filter
def departement(code) -> str:
    """« Haute-Vienne (87) » for « 87 »; an unknown code is shown as it is."""
    return label(str(code).strip()) if code else ""
