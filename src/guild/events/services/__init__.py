"""Every write of the events app goes through these services (see ARCHITECTURE.md)."""

from guild.events.services.checkin import RedeemResult, checkin_redeem
from guild.events.services.editions import (
    event_clone_edition,
    event_create,
    event_transition,
    invitation_codes_generate,
    voucher_create,
)
from guild.events.services.orders import (
    Attendee,
    EventsError,
    order_cancel,
    order_mark_paid,
    order_place,
    registration_badge_reissue,
    registration_cancel,
    registration_change_attendee,
)
from guild.events.services.waitlist import (
    waitlist_expire_offers,
    waitlist_join,
    waitlist_offer,
)

__all__ = [
    "Attendee",
    "EventsError",
    "RedeemResult",
    "checkin_redeem",
    "event_clone_edition",
    "event_create",
    "event_transition",
    "invitation_codes_generate",
    "order_cancel",
    "order_mark_paid",
    "order_place",
    "registration_badge_reissue",
    "registration_cancel",
    "registration_change_attendee",
    "voucher_create",
    "waitlist_expire_offers",
    "waitlist_join",
    "waitlist_offer",
]
