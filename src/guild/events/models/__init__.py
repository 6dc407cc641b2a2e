"""Events app models: events and editions, tickets and quotas, orders and registrations,
vouchers and invitation codes, waiting list, check-in lists and scans."""

from guild.events.models.checkin import CheckinList, Scan
from guild.events.models.event import (
    Event,
    EventKind,
    EventStatus,
    Exhibitor,
    Question,
    Quota,
    Series,
    TicketCategory,
    TicketType,
)
from guild.events.models.registration import (
    Order,
    OrderStatus,
    Registration,
    RewardTier,
    Voucher,
    WaitingListEntry,
)

__all__ = [
    "CheckinList",
    "Event",
    "EventKind",
    "EventStatus",
    "Exhibitor",
    "Order",
    "OrderStatus",
    "Question",
    "Quota",
    "Registration",
    "RewardTier",
    "Scan",
    "Series",
    "TicketCategory",
    "TicketType",
    "Voucher",
    "WaitingListEntry",
]
