import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guild.config.settings")
application = get_wsgi_application()

# The door's redeem call and the registration call, answered without Django's full request
# cycle when they are the plain, token-authenticated case (guild/events/hotpath.py).
from guild.events.hotpath import wrap  # noqa: E402

application = wrap(application)
