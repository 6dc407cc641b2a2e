from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "guild.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from guild.core import navigation, privacy, scheduling
        from guild.events import payments
        from guild.events import privacy as events_privacy
        from guild.events.services import waitlist_expire_offers

        navigation.register_public(_("Events"), "events:list", order=30)
        navigation.register_public(
            _("My registrations"), "events:mine", order=90, permission="events.view_own"
        )
        navigation.register_manage(
            _("Events"), _("Events"), "events:manage_list", "events.manage_events", order=30
        )
        navigation.register_manage(
            _("Events"), _("Door check-in"), "events:checkin_home", "events.checkin", order=31
        )
        privacy.register_exporter("events", events_privacy.export_user)
        privacy.register_eraser("events", events_privacy.erase_user)
        scheduling.register_periodic("events.waitlist_expire", 300, waitlist_expire_offers)
        payments.connect()
