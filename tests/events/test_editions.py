from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from guild.core.models import AuditEntry, OutgoingEmail
from guild.events.models import (
    CheckinList,
    Event,
    Exhibitor,
    Question,
    RewardTier,
    Series,
    Voucher,
    WaitingListEntry,
)
from guild.events.selectors import invitation_codes_of_user, referral_board
from guild.events.services import (
    EventsError,
    event_clone_edition,
    event_create,
    event_transition,
    invitation_codes_generate,
    registration_cancel,
    waitlist_expire_offers,
    waitlist_join,
)
from tests.events.factories import QuotaFactory, TicketTypeFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_event_create_and_transitions(staff_user):
    start = datetime(2026, 10, 8, 9, tzinfo=PARIS)
    event = event_create(
        actor=staff_user,
        name="Atelier RGPD",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=30,
        kind="workshop",
    )
    assert event.slug == "atelier-rgpd"
    assert event.quotas.get().size == 30
    assert event.checkin_lists.count() == 1
    assert (
        event_create(actor=staff_user, name="Atelier RGPD", starts_at=start, ends_at=start).slug
        == "atelier-rgpd-2"
    )
    with pytest.raises(EventsError):
        event_create(actor=staff_user, name="X", starts_at=start, ends_at=start - timedelta(1))
    event_transition(actor=staff_user, event=event, to="open")
    with pytest.raises(EventsError):
        event_transition(actor=staff_user, event=event, to="archived")
    event.refresh_from_db()
    assert event.status == "open"
    assert event.is_open
    assert event.is_public
    assert AuditEntry.objects.filter(action="events.event_status").count() == 1
    assert event.days() == [start.date()]


def test_clone_edition_shifts_every_date_by_a_year(staff_user):
    series = Series.objects.create(name="Salon du numérique", slug="salon")
    start = datetime(2026, 3, 12, 9, tzinfo=PARIS)
    source = event_create(
        actor=staff_user,
        name="Salon du numérique 2026",
        series=series,
        slug="salon-2026",
        starts_at=start,
        ends_at=start + timedelta(days=1, hours=9),
        confirmation_text="Parking gratuit.",
        capacity=500,
    )
    visitor = TicketTypeFactory(
        event=source,
        sale_starts_at=datetime(2026, 1, 5, tzinfo=PARIS),
        sale_ends_at=datetime(2026, 3, 11, tzinfo=PARIS),
        valid_days=["2026-03-12"],
        member_price=0,
    )
    visitor.quotas.add(source.quotas.get())
    Question.objects.create(
        event=source, key="sector", label="Secteur", kind="choice", choices="Logiciel\nConseil"
    )
    vip = CheckinList.objects.create(event=source, name="VIP", day=datetime(2026, 3, 13).date())
    vip.ticket_types.add(visitor)
    RewardTier.objects.create(event=source, threshold=10, label="Stand offert")
    Voucher.objects.create(event=source, code="X")
    edition = event_clone_edition(actor=staff_user, source=source)
    assert edition.name == "Salon du numérique 2027"
    assert edition.slug == "salon-2027"
    assert edition.status == "draft"
    assert edition.edition_year == 2027
    assert timezone.localtime(edition.starts_at) == datetime(2027, 3, 12, 9, tzinfo=PARIS)
    assert edition.confirmation_text == "Parking gratuit."
    assert edition.series == series
    new_type = edition.ticket_types.get()
    assert new_type.sale_starts_at.year == 2027
    assert new_type.valid_days == ["2027-03-12"]
    assert new_type.quotas.get().event == edition
    assert new_type.quotas.get().used == 0
    assert edition.questions.get().key == "sector"
    new_vip = edition.checkin_lists.get(name="VIP")
    assert new_vip.day.year == 2027
    assert list(new_vip.ticket_types.all()) == [new_type]
    assert edition.reward_tiers.get().threshold == 10
    assert not edition.vouchers.exists()
    again = event_clone_edition(actor=Event and staff_user, source=source)
    assert again.slug != edition.slug


def test_clone_leap_day(staff_user):
    start = datetime(2028, 2, 29, 9, tzinfo=PARIS)
    source = event_create(
        actor=staff_user, name="Afterwork", starts_at=start, ends_at=start + timedelta(hours=3)
    )
    edition = event_clone_edition(actor=staff_user, source=source)
    assert edition.name == "Afterwork 2029"
    assert timezone.localtime(edition.starts_at).date().isoformat() == "2029-02-28"


def test_waiting_list_offer_then_expiry(event, register, user, django_capture_on_commit_callbacks):
    quota = QuotaFactory(event=event, size=1)
    ticket = TicketTypeFactory(event=event)
    ticket.quotas.add(quota)
    order = register(1, ticket=ticket)
    with django_capture_on_commit_callbacks(execute=True):
        first = waitlist_join(
            actor=None, event=event, ticket_type=ticket, name="Zoé", email="zoe@example.org"
        )
        second = waitlist_join(
            actor=None, event=event, ticket_type=ticket, name="Yan", email="yan@example.org"
        )
    with pytest.raises(EventsError):
        waitlist_join(
            actor=None, event=event, ticket_type=ticket, name="Zoé", email="ZOE@example.org"
        )
    first.refresh_from_db()
    assert first.status == "waiting"
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(actor=user, registration=order.registrations.get())
    first.refresh_from_db()
    assert first.status == "offered"
    assert first.offered_until > timezone.now()
    assert OutgoingEmail.objects.filter(to="zoe@example.org").exists()
    quota.refresh_from_db()
    assert quota.used == 1  # held for Zoé
    WaitingListEntry.objects.filter(pk=first.pk).update(
        offered_until=timezone.now() - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert waitlist_expire_offers() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "expired"
    assert second.status == "offered"
    quota.refresh_from_db()
    assert quota.used == 1


def test_waiting_list_refusals(event, ticket_type):
    with pytest.raises(EventsError):
        waitlist_join(actor=None, event=event, ticket_type=ticket_type, name="", email="x")
    event.waiting_list_enabled = False
    with pytest.raises(EventsError):
        waitlist_join(
            actor=None, event=event, ticket_type=ticket_type, name="A", email="a@example.org"
        )


def _member(user, org_name="Octet SARL"):
    from guild.members.models import Membership, MembershipCategory, Organisation, Person, Seat

    org = Organisation.objects.create(legal_name=org_name)
    person = Person.objects.create(
        first_name="Léa", last_name="Durand", user=user, email=user.email
    )
    category, _ = MembershipCategory.objects.get_or_create(
        code="entreprise", defaults={"name": "Entreprise", "holder": "organisation"}
    )
    membership = Membership.objects.create(category=category, organisation=org, status="active")
    Seat.objects.create(membership=membership, person=person)
    return org, person


def test_invitation_codes_attribution_and_rewards(event, ticket_type, register, user, staff_user):
    from guild.members.models import Membership, MembershipCategory, Person

    org, _person = _member(user)
    freelancer = Person.objects.create(first_name="Max", last_name="Libre", email="max@example.org")
    individual = MembershipCategory.objects.create(
        code="indep", name="Indépendant", holder="person"
    )
    Membership.objects.create(category=individual, person=freelancer, status="active")
    Exhibitor.objects.create(event=event, owner_label="CloudBreizh")
    RewardTier.objects.create(event=event, threshold=2, label="Visibilité newsletter")
    count = invitation_codes_generate(
        actor=staff_user, event=event, ticket_type=ticket_type, max_uses=5
    )
    assert count == 3
    assert invitation_codes_generate(actor=staff_user, event=event, ticket_type=ticket_type) == 0
    org_code = Voucher.objects.get(event=event, organisation=org)
    assert org_code.is_invitation
    assert org_code.owner_label == "Octet SARL"
    register(1, voucher_code=org_code.code)
    register(1, voucher_code=org_code.code.lower(), email="x@example.org")
    board = referral_board(event)
    assert board[0].pk == org_code.pk
    assert board[0].brought == 2
    assert [t.label for t in board[0].rewards] == ["Visibilité newsletter"]
    mine = list(invitation_codes_of_user(user))
    assert [(c.code, c.brought) for c in mine] == [(org_code.code, 2)]
