"""Concurrency on PostgreSQL: notifications of one payment arriving together record it once;
two treasurers building a batch at once never put an invoice in two batches."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from guild.billing.models import Invoice, Payment, ProviderEvent, SepaBatchItem
from tests.billing.test_online import WEBHOOK, intent_succeeded, session_completed, sign

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(functions):
    errors, results = [], []
    barrier = threading.Barrier(len(functions))

    def work(fn):
        try:
            barrier.wait()
            results.append(fn())
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(fn,)) for fn in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_concurrent_notifications_of_one_payment_record_it_once(stripe_settings, make_invoice):
    invoice = make_invoice()
    payloads = [session_completed(invoice, event_id="evt_a")] * 3
    payloads += [intent_succeeded(invoice, event_id=f"evt_b{i}") for i in range(3)]

    def sender(payload):
        def send():
            response = Client().post(
                WEBHOOK,
                data=payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=sign(payload),
            )
            return response.status_code, response.json()["outcome"]

        return send

    results, errors = run_together([sender(p) for p in payloads])
    assert errors == []
    assert all(status == 200 for status, _ in results)
    assert sorted(outcome for _, outcome in results).count("recorded") == 1
    assert Payment.objects.count() == 1
    assert ProviderEvent.objects.count() == 4  # evt_a once, evt_b0..2
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_concurrent_batches_never_share_an_invoice(
    sepa_settings, treasurer, organisation, make_invoice
):
    from datetime import date

    from guild.billing.sepa import (
        batch_create,
        dues_invoices,
        earliest_collection_date,
        mandate_record,
    )

    make_invoice(organisation=organisation, source_type="members.membership", source_id="1:2026")
    mandate_record(
        actor=treasurer,
        organisation=organisation,
        debtor_name="Limousin Data",
        iban="FR7630006000011234567890189",
        bic="AGRIFRPPXXX",
        reference="RUM-1",
        signed_on=date(2025, 1, 1),
    )

    def build():
        return batch_create(
            actor=treasurer,
            invoices=dues_invoices(2026),
            collection_date=earliest_collection_date(),
        )

    results, errors = run_together([build] * 4)
    assert len(results) == 1
    assert len(errors) == 3
    assert all(isinstance(error, ValidationError) for error in errors)
    assert SepaBatchItem.objects.count() == 1
