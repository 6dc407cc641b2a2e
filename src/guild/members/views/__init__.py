"""Members screens: public (application, member list, invitations), the member space, staff."""

from guild.members.views.manage import applications, approve, dues_call
from guild.members.views.public import (
    apply,
    apply_done,
    apply_dues,
    apply_siren,
    invitation,
    member_list,
    organisation_logo,
)
from guild.members.views.space import (
    certificate,
    invitation_revoke,
    my_membership,
    profile,
    renew,
    seat_remove,
    seats,
)

__all__ = [
    "applications",
    "apply",
    "apply_done",
    "apply_dues",
    "apply_siren",
    "approve",
    "certificate",
    "dues_call",
    "invitation",
    "invitation_revoke",
    "member_list",
    "my_membership",
    "organisation_logo",
    "profile",
    "renew",
    "seat_remove",
    "seats",
]
