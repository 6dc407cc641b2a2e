import rules

from guild.core.permissions import is_authenticated, is_space_manager, is_staff


@rules.predicate
def owns_booking(user, booking):
    return booking is not None and booking.user_id == user.pk


rules.add_perm("coworking.view_resource", rules.always_allow)
rules.add_perm("coworking.add_booking", is_authenticated)
rules.add_perm("coworking.view_booking", owns_booking | is_space_manager)
rules.add_perm("coworking.change_booking", owns_booking | is_space_manager)
rules.add_perm("coworking.manage_space", is_space_manager | is_staff)
