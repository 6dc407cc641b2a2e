from django import template

register = template.Library()


@register.simple_tag
def candidate_name(resolution, pk):
    for candidate in resolution.candidates.all():
        if candidate.pk == pk:
            return str(candidate.person)
    return "?"
