from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register


@register(deploy=True)
def site_url_check(app_configs, **kwargs):
    if not settings.SITE_URL.startswith("https://"):
        return [
            CheckWarning(
                "SITE_URL is not https; secure cookies and HSTS are off.",
                id="guild.W001",
            )
        ]
    return []
