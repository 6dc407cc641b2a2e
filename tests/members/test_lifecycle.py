from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from guild.billing.models import Invoice
from guild.billing.services import credit_note_issue, payment_record
from guild.members.constants import MembershipStatus as S
from guild.members.models import Membership, Person, Seat
from guild.members.privacy import erase_user, export_user
from guild.members.selectors import member_since
from guild.members.services import (
    dues_compute,
    membership_apply,
    membership_approve,
    membership_invoice_dues,
    memberships_lapse_overdue,
    seat_add,
    seat_remove,
    seats_allowed,
)

pytestmark = pytest.mark.django_db


def test_dues_rules(company_category, person_category):
    assert dues_compute(company_category, headcount_band="11") == Decimal("400.00")
    assert dues_compute(company_category, headcount_band="53") == Decimal("150.00")
    assert dues_compute(person_category) == Decimal("60.00")
    person_category.dues_rule = "free"
    assert dues_compute(person_category) == Decimal("60.00")
    assert dues_compute(person_category, amount="75") == Decimal("75.00")
    with pytest.raises(ValidationError, match="minimum"):
        dues_compute(person_category, amount="10")
    with pytest.raises(ValidationError, match="nombre"):
        dues_compute(person_category, amount="dix")


def test_company_life_cycle(
    company_category,
    organisation,
    contact,
    staff_user,
    make_user,
    django_capture_on_commit_callbacks,
):
    membership = membership_apply(
        actor=None, category=company_category, organisation=organisation, contact=contact
    )
    assert membership.status == S.APPLIED
    assert membership.dues_amount == Decimal("400.00")
    assert Seat.objects.get(membership=membership).role == Seat.Role.MANAGER
    with pytest.raises(ValidationError, match="déjà une adhésion"):
        membership_apply(actor=None, category=company_category, organisation=organisation)
    membership_approve(actor=staff_user, membership=membership)
    assert membership.status == S.AWAITING_PAYMENT
    invoice = Invoice.objects.get(source_type="members.membership")
    assert invoice.total_gross == Decimal("400.00")
    assert invoice.customer_siren == "732829320"
    assert membership_invoice_dues(actor=staff_user, membership=membership) == invoice
    treasurer = make_user("treasurer")
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(
            actor=treasurer,
            invoice=invoice,
            amount="400",
            method="transfer",
            reference="VIR LIMOUSIN DATA",
        )
    membership.refresh_from_db()
    assert membership.status == S.ACTIVE
    year = timezone.localdate().year
    assert membership.period_end == date(year, 12, 31)
    assert member_since(membership) == timezone.localdate()
    # seats
    assert seats_allowed(membership) == 2
    colleague = Person.objects.create(first_name="Paul", last_name="Roy", email="p@ld.fr")
    seat = seat_add(actor=None, membership=membership, person=colleague)
    third = Person.objects.create(first_name="Léa", last_name="Roy", email="l@ld.fr")
    with pytest.raises(ValidationError, match="places"):
        seat_add(actor=None, membership=membership, person=third)
    with pytest.raises(ValidationError, match="déjà"):
        seat_add(actor=None, membership=membership, person=colleague)
    seat_remove(actor=None, seat=seat)
    manager = Seat.objects.get(membership=membership, role="manager")
    with pytest.raises(ValidationError, match="responsable"):
        seat_remove(actor=None, seat=manager)
    # lapse after the grace period
    assert memberships_lapse_overdue(today=date(year, 12, 31) + timedelta(days=10)) == 0
    assert memberships_lapse_overdue(today=date(year + 1, 3, 15)) == 1
    membership.refresh_from_db()
    assert membership.status == S.LAPSED
    assert member_since(membership) is None


def test_individual_rolling_period_and_renewal(
    person_category, contact, django_capture_on_commit_callbacks
):
    membership = membership_apply(actor=None, category=person_category, person=contact)
    with pytest.raises(ValidationError, match="organisation"):
        seat_add(actor=None, membership=membership, person=contact)
    membership_approve(actor=None, membership=membership)
    invoice = Invoice.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(actor=None, invoice=invoice, amount="60", method="card")
    membership.refresh_from_db()
    today = timezone.localdate()
    assert membership.period_start == today
    assert membership.period_end.year == today.year + 1
    # a renewal invoice for next year, paid: period extended, still active
    renewal = membership_invoice_dues(actor=None, membership=membership, year=today.year + 1)
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(actor=None, invoice=renewal, amount="60", method="card")
    membership.refresh_from_db()
    assert membership.status == S.ACTIVE
    assert membership.period_start == today.replace(year=today.year + 1)
    assert membership.events.filter(to_status=S.ACTIVE).count() == 1


def test_free_membership_is_active_at_once(
    person_category, contact, django_capture_on_commit_callbacks
):
    person_category.dues_amount = Decimal("0")
    person_category.save()
    membership = membership_apply(actor=None, category=person_category, person=contact)
    with django_capture_on_commit_callbacks(execute=True):
        membership_approve(actor=None, membership=membership)
    membership.refresh_from_db()
    assert membership.status == S.ACTIVE


def test_credited_dues_invoice_can_be_reissued(person_category, contact):
    membership = membership_apply(actor=None, category=person_category, person=contact)
    membership_approve(actor=None, membership=membership)
    invoice = Invoice.objects.get()
    credit_note_issue(actor=None, invoice=invoice, reason="Erreur d'adresse")
    again = membership_invoice_dues(actor=None, membership=membership)
    assert again.pk != invoice.pk


@pytest.mark.parametrize("holder", ["organisation", "person", "both", "none"])
def test_apply_refusals(holder, company_category, person_category, organisation, contact):
    category = company_category if holder == "person" else person_category
    kwargs = {
        "organisation": {"organisation": organisation},
        "person": {"person": contact},
        "both": {"organisation": organisation, "person": contact},
        "none": {},
    }[holder]
    with pytest.raises(ValidationError):
        membership_apply(actor=None, category=category, **kwargs)
    assert Membership.objects.count() == 0


def test_privacy(person_category, contact):
    membership_apply(actor=None, category=person_category, person=contact)
    data = export_user(contact.user)
    assert data["person"]["email"] == contact.email
    assert data["memberships"][0]["category"] == "Indépendant"
    user = contact.user
    erase_user(user)
    contact.refresh_from_db()
    assert contact.email == ""
    assert contact.anonymised_at is not None
    assert export_user(user) == {}
