from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from guild.core.models import AuditEntry, OutgoingEmail
from guild.events.models import Order, OrderStatus, Quota, Registration, Voucher
from guild.events.services import (
    Attendee,
    EventsError,
    order_cancel,
    order_mark_paid,
    order_place,
    registration_badge_reissue,
    registration_cancel,
    registration_change_attendee,
    voucher_create,
)
from tests.events.factories import EventFactory, QuotaFactory, TicketTypeFactory

pytestmark = pytest.mark.django_db


def attendee(ticket_type, **kw):
    return Attendee(
        ticket_type_id=ticket_type.pk,
        first_name=kw.get("first_name", "Léa"),
        last_name=kw.get("last_name", "Durand"),
        email=kw.get("email", "lea@example.org"),
    )


def test_free_order_is_confirmed_and_takes_places(register, quota):
    order = register(3)
    assert order.status == OrderStatus.CONFIRMED
    assert order.registrations.count() == 3
    quota.refresh_from_db()
    assert quota.used == 3


def test_group_registration_sends_one_badge_email_per_attendee(
    register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = register(2)
    emails = OutgoingEmail.objects.filter(category="events")
    assert emails.count() == 2
    email = emails.first()
    names = sorted(a.filename for a in email.attachments.all())
    assert names[0].startswith("badge-")
    assert names[1] == "invitation.ics"
    ics = email.attachments.get(filename="invitation.ics").content
    assert b"BEGIN:VEVENT" in bytes(ics)
    assert order.event.name.encode() in bytes(ics)


def test_quota_refuses_beyond_size_and_writes_nothing(register, quota):
    register(9)
    with pytest.raises(EventsError) as exc:
        register(2)
    assert exc.value.code == "sold_out"
    assert "Complet" in exc.value.message or "Sold out" in exc.value.message
    quota.refresh_from_db()
    assert quota.used == 9
    assert Order.objects.count() == 1


def test_shared_quota_across_types(event, quota, register):
    student = TicketTypeFactory(event=event, name="Étudiant")
    student.quotas.add(quota)
    register(8)
    register(2, ticket=student)
    with pytest.raises(EventsError):
        register(1, ticket=student)


def test_sale_window_and_limits(event, ticket_type):
    ticket_type.sale_starts_at = timezone.now() + timedelta(days=1)
    ticket_type.save()
    with pytest.raises(EventsError) as exc:
        order_place(
            actor=None,
            event=event,
            attendees=[attendee(ticket_type)],
            buyer_name="A B",
            buyer_email="a@example.org",
        )
    assert exc.value.code == "not_on_sale"
    ticket_type.sale_starts_at = None
    ticket_type.max_per_order = 1
    ticket_type.save()
    with pytest.raises(EventsError) as exc:
        order_place(
            actor=None,
            event=event,
            attendees=[attendee(ticket_type)] * 2,
            buyer_name="A B",
            buyer_email="a@example.org",
        )
    assert exc.value.code == "order_limit"
    assert not Registration.objects.exists()


@pytest.mark.parametrize("status", ["draft", "published", "closed"])
def test_registration_refused_when_not_open(event, ticket_type, status):
    event.status = status
    event.save()
    with pytest.raises(EventsError) as exc:
        order_place(
            actor=None,
            event=event,
            attendees=[attendee(ticket_type)],
            buyer_name="A B",
            buyer_email="a@example.org",
        )
    assert exc.value.code == "not_open"


def test_bad_input_refused(event, ticket_type):
    other = TicketTypeFactory()
    cases = [
        ([], "empty"),
        ([attendee(other)], "bad_ticket_type"),
        ([attendee(ticket_type, first_name=" ")], "name_missing"),
        ([attendee(ticket_type)] * 21, "too_many"),
    ]
    for people, code in cases:
        with pytest.raises(EventsError) as exc:
            order_place(
                actor=None,
                event=event,
                attendees=people,
                buyer_name="A B",
                buyer_email="a@example.org",
            )
        assert exc.value.code == code
    assert not Order.objects.exists()


def test_paid_ticket_waits_for_payment_then_staff_marks_paid(
    event, staff_user, django_capture_on_commit_callbacks
):
    paid = TicketTypeFactory(event=event, name="Pass jour", price=Decimal("30.00"))
    order = order_place(
        actor=None,
        event=event,
        attendees=[attendee(paid)],
        buyer_name="A B",
        buyer_email="a@example.org",
    )
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert order.total == Decimal("30.00")
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(actor=staff_user, order=order, reference="CHQ-12")
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    assert order.paid_at
    assert order.registrations.get().status == OrderStatus.CONFIRMED
    assert AuditEntry.objects.filter(action="events.order_paid").exists()
    assert OutgoingEmail.objects.filter(to="lea@example.org").exists()
    assert order_mark_paid(actor=staff_user, order=order).pk == order.pk  # idempotent


def test_member_price_for_members(event, user):
    from guild.members.models import Membership, MembershipCategory, Organisation, Person, Seat

    member_type = TicketTypeFactory(
        event=event, price=Decimal("50.00"), member_price=Decimal("20.00")
    )
    org = Organisation.objects.create(legal_name="Octet SARL")
    person = Person.objects.create(first_name="Léa", last_name="Durand", user=user)
    category = MembershipCategory.objects.create(
        code="entreprise", name="Entreprise", holder="organisation"
    )
    membership = Membership.objects.create(category=category, organisation=org, status="active")
    Seat.objects.create(membership=membership, person=person)
    order = order_place(
        actor=user,
        event=event,
        attendees=[attendee(member_type)],
        buyer_name="Léa Durand",
        buyer_email=user.email,
    )
    assert order.member_price
    assert order.total == Decimal("20.00")
    assert order.organisation == org
    order2 = order_place(
        actor=None,
        event=event,
        attendees=[attendee(member_type)],
        buyer_name="X Y",
        buyer_email="x@example.org",
    )
    assert order2.total == Decimal("50.00")


def test_vouchers(event, ticket_type, staff_user):
    paid = TicketTypeFactory(event=event, name="Pass", price=Decimal("40.00"))
    free = voucher_create(actor=staff_user, event=event, code="presse26", max_uses=1)
    half = voucher_create(
        actor=staff_user,
        event=event,
        kind=Voucher.Kind.PERCENT,
        value=50,
        max_uses=5,
        code="MOITIE",
    )
    minus = voucher_create(
        actor=staff_user,
        event=event,
        kind=Voucher.Kind.AMOUNT,
        value=50,
        max_uses=5,
        code="MOINS50",
    )
    order = order_place(
        actor=None,
        event=event,
        attendees=[attendee(paid)],
        buyer_name="A B",
        buyer_email="a@example.org",
        voucher_code="PRESSE26",
    )
    assert order.total == 0
    assert order.voucher == free
    with pytest.raises(EventsError) as exc:
        order_place(
            actor=None,
            event=event,
            attendees=[attendee(paid)],
            buyer_name="A B",
            buyer_email="a@example.org",
            voucher_code="presse26",
        )
    assert exc.value.code == "voucher_used"
    assert (
        order_place(
            actor=None,
            event=event,
            attendees=[attendee(paid)],
            buyer_name="A B",
            buyer_email="a@example.org",
            voucher_code="moitie",
        ).total
        == 20
    )
    assert (
        order_place(
            actor=None,
            event=event,
            attendees=[attendee(paid)],
            buyer_name="A B",
            buyer_email="a@example.org",
            voucher_code="MOINS50",
        ).total
        == 0
    )
    minus.refresh_from_db()
    half.refresh_from_db()
    assert (half.used, minus.used) == (1, 1)


def test_voucher_refusals(event, ticket_type, staff_user):
    other = TicketTypeFactory(event=event, name="VIP", is_public=False)
    expired = voucher_create(
        actor=staff_user,
        event=event,
        code="OLD",
        max_uses=3,
        valid_until=timezone.now() - timedelta(days=1),
    )
    assert expired.pk
    restricted = voucher_create(
        actor=staff_user, event=event, code="VIPONLY", max_uses=1, ticket_types=[other]
    )
    assert restricted.pk
    for code, people, expected in [
        ("NOPE", [attendee(ticket_type)], "voucher_invalid"),
        ("OLD", [attendee(ticket_type)], "voucher_expired"),
        ("VIPONLY", [attendee(ticket_type)], "voucher_not_applicable"),
        ("VIPONLY", [attendee(other)] * 2, "voucher_used"),
        ("", [attendee(other)], "voucher_required"),
    ]:
        with pytest.raises(EventsError) as exc:
            order_place(
                actor=None,
                event=event,
                attendees=people,
                buyer_name="A B",
                buyer_email="a@example.org",
                voucher_code=code,
            )
        assert exc.value.code == expected, code
    assert not Order.objects.exists()
    with pytest.raises(EventsError):
        voucher_create(actor=staff_user, event=event, code="OLD")
    with pytest.raises(EventsError):
        voucher_create(actor=staff_user, event=event, code="a b")
    with pytest.raises(EventsError):
        voucher_create(actor=staff_user, event=event, kind="percent", value=150)


def test_cancel_frees_place_and_revokes_badge(register, quota, user):
    order = register(2)
    registration = order.registrations.first()
    token = registration.token
    registration_cancel(actor=user, registration=registration)
    registration.refresh_from_db()
    assert registration.status == OrderStatus.CANCELLED
    assert registration.token != token
    quota.refresh_from_db()
    assert quota.used == 1
    with pytest.raises(EventsError):
        registration_cancel(actor=user, registration=registration)
    order_cancel(actor=user, order=order, by_staff=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    quota.refresh_from_db()
    assert quota.used == 0


def test_change_attendee_reissues_badge(register, user, django_capture_on_commit_callbacks):
    registration = register(1).registrations.get()
    registration.share_with_exhibitors = True
    registration.save()
    old = registration.token
    with django_capture_on_commit_callbacks(execute=True):
        registration_change_attendee(
            actor=user,
            registration=registration,
            first_name="Paul",
            last_name="Roux",
            email="paul@example.org",
        )
    registration.refresh_from_db()
    assert registration.full_name == "Paul Roux"
    assert registration.token != old
    assert not registration.share_with_exhibitors
    assert OutgoingEmail.objects.filter(to="paul@example.org").exists()
    with pytest.raises(EventsError):
        registration_change_attendee(
            actor=user,
            registration=registration,
            first_name="",
            last_name="Roux",
            email="paul@example.org",
        )
    token = registration.token
    registration_badge_reissue(actor=user, registration=registration)
    registration.refresh_from_db()
    assert registration.token != token
    registration_cancel(actor=user, registration=registration)
    for call in (
        lambda: registration_badge_reissue(actor=user, registration=registration),
        lambda: registration_change_attendee(
            actor=user,
            registration=registration,
            first_name="A",
            last_name="B",
            email="a@example.org",
        ),
    ):
        with pytest.raises(EventsError):
            call()


def test_desk_source_may_register_when_closed(event, ticket_type, staff_user):
    event.status = "closed"
    event.save()
    order = order_place(
        actor=staff_user,
        event=event,
        attendees=[attendee(ticket_type)],
        buyer_name="A B",
        buyer_email="a@example.org",
        source="desk",
    )
    assert order.status == OrderStatus.CONFIRMED
    assert order.user is None


def test_unlimited_ticket_type_without_quota(event):
    open_type = TicketTypeFactory(event=event)
    order = order_place(
        actor=None,
        event=event,
        attendees=[attendee(open_type)] * 5,
        buyer_name="A B",
        buyer_email="a@example.org",
    )
    assert order.registrations.count() == 5
    assert not Quota.objects.filter(event=event).exists()


def test_quota_check_constraint(event):
    quota = QuotaFactory(event=event, size=1)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Quota.objects.filter(pk=quota.pk).update(used=2)
    assert EventFactory().pk
