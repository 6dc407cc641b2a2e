"""Treasurer screens: recording payments from the invoice page, with clear errors."""

import pytest
from django.urls import reverse

from guild.billing.models import Payment

pytestmark = pytest.mark.django_db


def pay(client, invoice, **data):
    body = {"amount": "120.00", "method": "transfer", "reference": "VIR 1", "paid_on": ""}
    body.update(data)
    if not body["paid_on"]:
        from django.utils import timezone

        body["paid_on"] = timezone.localdate().isoformat()
    return client.post(reverse("billing:invoice_detail", args=[invoice.pk]), body, follow=True)


def test_treasurer_records_transfer_cheque_and_cash(client_for, treasurer, make_invoice):
    client = client_for(treasurer)
    invoice = make_invoice()
    page = pay(client, invoice, amount="50", method="transfer", reference="VIR 2026-04")
    assert "Paiement enregistré" in page.text
    page = pay(client, invoice, amount="40", method="cheque", reference="CHQ 1234567")
    page = pay(client, invoice, amount="30", method="cash", reference="")
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    assert sorted(p.method for p in invoice.payments.all()) == ["cash", "cheque", "transfer"]
    assert "Enregistrer un paiement" not in page.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "500"}, "est supérieur au reste dû"),
        (
            {"method": "transfer", "reference": ""},
            "Un virement doit être enregistré avec sa référence",
        ),
        ({"method": "cheque", "reference": ""}, "Un chèque doit avoir son numéro"),
        ({"amount": "-5"}, "Le montant doit être positif"),
        ({"paid_on": "2999-01-01"}, "ne peut pas être dans le futur"),
    ],
)
def test_bad_payment_shows_a_french_error_and_writes_nothing(
    client_for, treasurer, make_invoice, data, message
):
    invoice = make_invoice()
    page = pay(client_for(treasurer), invoice, **data)
    assert message in page.text
    assert Payment.objects.count() == 0


def test_paying_a_paid_invoice_twice_says_so(client_for, treasurer, make_invoice):
    client = client_for(treasurer)
    invoice = make_invoice()
    pay(client, invoice)
    again = pay(client, invoice, reference="VIR 2")
    assert f"La facture {invoice.number} est déjà payée" in again.text
    assert Payment.objects.count() == 1


def test_invoice_pages_are_for_the_treasurer(client_for, member, make_invoice):
    invoice = make_invoice()
    client = client_for(member)
    assert client.get(reverse("billing:invoice_list")).status_code == 403
    assert client.get(reverse("billing:invoice_detail", args=[invoice.pk])).status_code == 403


def test_a_failing_paid_handler_does_not_break_the_others(
    django_capture_on_commit_callbacks, treasurer, make_invoice, caplog
):
    from guild.billing import hooks
    from guild.billing.services import payment_record

    seen = []

    def broken(invoice):
        raise RuntimeError("boom")

    hooks.register_paid_handler("tests.robust", broken)
    hooks.register_paid_handler("tests.robust", seen.append)
    try:
        invoice = make_invoice(source_type="tests.robust", source_id="1")
        with django_capture_on_commit_callbacks(execute=True):
            payment_record(actor=treasurer, invoice=invoice, amount="120", method="cash")
    finally:
        hooks._PAID_HANDLERS.pop("tests.robust")
    assert seen == [invoice]
    assert "Paid handler" in caplog.text


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_list_screens_query_count_does_not_grow(
    client_for, treasurer, manager, organisation, make_invoice
):
    from datetime import date

    from guild.billing.sepa import mandate_record
    from guild.members.models import Organisation

    def add(i):
        org = Organisation.objects.create(legal_name=f"Org {i}", email=f"o{i}@ex.fr")
        make_invoice(organisation=organisation)
        mandate_record(
            actor=treasurer,
            organisation=org,
            debtor_name=f"Org {i}",
            iban="FR7630006000011234567890189",
            bic="AGRIFRPPXXX",
            reference=f"RUM-{i}",
            signed_on=date(2025, 1, 1),
        )

    add(0)
    staff = client_for(treasurer)
    urls = [reverse("billing:mandate_list"), reverse("billing:invoice_list")]
    small = [_queries(staff, url) for url in urls]
    member_small = _queries(client_for(manager), reverse("billing:my_invoices"))
    for i in range(1, 8):
        add(i)
    staff = client_for(treasurer)
    assert [_queries(staff, url) for url in urls] == small
    assert _queries(client_for(manager), reverse("billing:my_invoices")) == member_small
