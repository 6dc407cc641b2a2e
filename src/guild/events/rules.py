"""Permissions. Check-in staff can scan badges and see the door counters, nothing else."""

import rules

from guild.core.permissions import is_checkin_staff, is_staff


@rules.predicate
def is_registration_holder(user, registration) -> bool:
    if registration is None or not getattr(user, "is_authenticated", False):
        return False
    return registration.order.user_id == user.pk or registration.email == user.email.lower()


rules.add_perm("events.manage_events", is_staff)
rules.add_perm("events.view_attendees", is_staff)
rules.add_perm("events.desk", is_staff)
rules.add_perm("events.checkin", is_checkin_staff | is_staff)
rules.add_perm("events.change_registration", is_staff | is_registration_holder)
rules.add_perm("events.view_own", rules.is_authenticated)
