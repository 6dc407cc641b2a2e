from __future__ import annotations

import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from guild.core.demo import DemoContext
from guild.events import payments
from guild.events.forms import RegistrationForm
from guild.events.models import Event, Question, Registration, WaitingListEntry
from guild.events.privacy import erase_user, export_user
from guild.events.services import Attendee, order_place
from tests.events.factories import TicketTypeFactory

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(make_user):
    users = {"staff": make_user("staff")}
    ctx = DemoContext(stdout=io.StringIO())
    ctx.shared["users"] = users
    from guild.events import demo

    demo.seed(ctx)
    count = Registration.objects.count()
    assert count > 300
    show = Event.objects.get(status="open", kind="trade_show")
    assert show.cloned_from is not None
    assert show.vouchers.exists()
    demo.seed(ctx)
    assert Registration.objects.count() == count
    assert Event.objects.filter(kind__in=["workshop", "meetup"], status="open").count() == 2


def test_privacy_export_and_erase(user, register):
    order = register(1, email=user.email)
    WaitingListEntry.objects.create(
        event=order.event,
        ticket_type=order.registrations.get().ticket_type,
        name="X",
        email=user.email,
    )
    data = export_user(user)
    assert data["registrations"][0]["email"] == user.email
    assert len(data["waiting_list"]) == 1
    erase_user(user)
    registration = order.registrations.get()
    assert registration.anonymised_at
    assert registration.email.endswith("@invalid")
    assert not WaitingListEntry.objects.filter(email=user.email).exists()


def test_question_fields(event, ticket_type):
    questions = [
        Question.objects.create(
            event=event,
            key="sector",
            label="Secteur",
            kind="choice",
            choices="Logiciel\nConseil",
            required=True,
        ),
        Question.objects.create(
            event=event, key="interests", label="Intérêts", kind="multiple", choices="IA\nCloud"
        ),
        Question.objects.create(event=event, key="newsletter", label="Lettre", kind="boolean"),
        Question.objects.create(event=event, key="job", label="Poste"),
    ]
    form = RegistrationForm(
        {
            "a0_first_name": "A",
            "a0_last_name": "B",
            "a0_email": "a@example.org",
            "a0_q_sector": "Conseil",
            "a0_q_interests": ["IA"],
            "a0_q_newsletter": "on",
            "accept": "on",
        },
        event=event,
        ticket_type=ticket_type,
        questions=questions,
    )
    assert form.is_valid(), form.errors
    answers = form.attendees()[0].answers
    assert answers == {"sector": "Conseil", "interests": ["IA"], "newsletter": True}
    assert len(form.attendee_blocks()[0]) == 10


def test_export_lists_answers(client_for, staff_user, event, ticket_type):
    Question.objects.create(
        event=event, key="interests", label="Intérêts", kind="multiple", choices="IA\nCloud"
    )
    order_place(
        actor=None,
        event=event,
        buyer_name="A B",
        buyer_email="a@example.org",
        attendees=[
            Attendee(
                ticket_type_id=ticket_type.pk,
                first_name="A",
                last_name="B",
                email="",
                answers={"interests": ["IA", "Cloud"]},
            )
        ],
    )
    csv = b"".join(
        client_for(staff_user)
        .get(reverse("events:manage_export", args=[event.pk, "csv"]))
        .streaming_content
    ).decode()
    assert "IA, Cloud" in csv


def test_payments_without_billing_and_paid_handler(event):
    paid = TicketTypeFactory(event=event, price=Decimal("24.00"), vat_rate=Decimal("20.00"))
    order = order_place(
        actor=None,
        event=event,
        buyer_name="A B",
        buyer_email="a@example.org",
        attendees=[Attendee(ticket_type_id=paid.pk, first_name="A", last_name="B", email="")] * 2,
    )
    assert order.status == "pending_payment"
    lines = payments.invoice_lines(order)
    assert lines == [
        {
            "label": f"{event.name} – {paid.name}",
            "quantity": 2,
            "unit_price": Decimal("20.00"),
            "vat_rate": Decimal("20.00"),
        }
    ]
    payments.on_invoice_paid(SimpleNamespace(source_id=str(order.pk), number="F2026-0001", pk=1))
    order.refresh_from_db()
    assert order.status == "confirmed"
    assert order.invoice_ref == "F2026-0001"
    payments.on_invoice_paid(SimpleNamespace(source_id="999999", number="X", pk=2))
    payments.connect()  # no billing hooks yet: nothing to register, no error
