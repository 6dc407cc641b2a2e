import rules

from guild.core.permissions import is_authenticated, is_staff, is_treasurer


@rules.predicate
def has_person(user) -> bool:
    return getattr(user, "person", None) is not None


@rules.predicate
def manages_membership(user, membership) -> bool:
    person = getattr(user, "person", None)
    if membership is None or person is None:
        return False
    return (
        membership.person_id == person.pk
        or membership.seats.filter(person=person, role="manager", removed_at__isnull=True).exists()
    )


@rules.predicate
def holds_membership(user, membership) -> bool:
    person = getattr(user, "person", None)
    if membership is None or person is None:
        return False
    return (
        membership.person_id == person.pk
        or membership.seats.filter(person=person, removed_at__isnull=True).exists()
    )


rules.add_perm("members.view_own_membership", is_authenticated)
rules.add_perm("members.manage_members", is_staff)
rules.add_perm("members.run_dues_call", is_treasurer)
# The treasurer brings last year's HelloAsso, Galette or Paheko file and exports for the accountant.
rules.add_perm("members.import_members", is_staff | is_treasurer)
rules.add_perm("members.view_membership", is_staff | is_treasurer | holds_membership)
rules.add_perm("members.manage_seats", is_staff | manages_membership)
