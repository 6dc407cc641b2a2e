"""SEPA direct debit: mandates (IBAN/BIC checked with schwifty) and pain.008 batches."""

from datetime import date, timedelta
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from guild.billing.models import (
    Invoice,
    Payment,
    SepaBatch,
    SepaBatchItem,
    SepaMandate,
)
from guild.billing.sepa import (
    batch_cancel,
    batch_collect,
    batch_create,
    creditor_id_valid,
    earliest_collection_date,
    mandate_record,
    mandate_revoke,
)
from guild.billing.services import payment_record

pytestmark = pytest.mark.django_db

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
IBAN = "FR76 3000 6000 0112 3456 7890 189"
BIC = "AGRIFRPPXXX"


def record(actor, organisation=None, person=None, **kw):
    data = {
        "actor": actor,
        "organisation": organisation,
        "person": person,
        "debtor_name": "Limousin Data SAS",
        "iban": IBAN,
        "bic": BIC,
        "reference": "RUM-2026-0001",
        "signed_on": date(2025, 1, 15),
    }
    data.update(kw)
    return mandate_record(**data)


def test_mandate_is_recorded_with_a_normalised_iban(treasurer, organisation):
    mandate = record(treasurer, organisation)
    assert mandate.iban == "FR7630006000011234567890189"
    assert mandate.bic == BIC
    assert mandate.sequence_type == "FRST"
    assert mandate.status == SepaMandate.Status.ACTIVE
    assert mandate.iban_masked == "FR76 **** **** 0189"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("iban", "FR76 3000 6000 0112 3456 7890 188", "n’est pas un IBAN valide"),
        ("iban", "pas un iban", "n’est pas un IBAN valide"),
        ("bic", "AGRI", "n’est pas un BIC valide"),
        ("bic", "AGRIFRP", "n’est pas un BIC valide"),
        ("reference", "", "référence du mandat"),
        ("reference", "X" * 36, "référence du mandat"),
        ("debtor_name", " ", "nom du débiteur"),
    ],
)
def test_invalid_mandate_is_refused_in_french_and_nothing_written(
    treasurer, organisation, field, value, message
):
    with pytest.raises(ValidationError) as error:
        record(treasurer, organisation, **{field: value})
    assert message in error.value.messages[0]
    assert SepaMandate.objects.count() == 0


def test_one_active_mandate_per_holder_and_unique_reference(treasurer, organisation):
    mandate = record(treasurer, organisation)
    with pytest.raises(ValidationError, match="déjà un mandat actif"):
        record(treasurer, organisation, reference="RUM-2")
    mandate_revoke(actor=treasurer, mandate=mandate)
    with pytest.raises(ValidationError, match="existe déjà"):
        record(treasurer, organisation)
    record(treasurer, organisation, reference="RUM-2")
    with pytest.raises(ValidationError, match="déjà révoqué"):
        mandate_revoke(actor=treasurer, mandate=mandate)
    # The database refuses a second active mandate even without the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        SepaMandate.objects.create(
            organisation=organisation,
            debtor_name="X",
            iban="FR7630006000011234567890189",
            bic=BIC,
            reference="RUM-3",
            signed_on=date(2020, 1, 1),
        )


def test_creditor_identifier_check_digits():
    assert creditor_id_valid("FR72ZZZ123456")
    assert creditor_id_valid("DE98ZZZ09999999999")
    assert not creditor_id_valid("FR73ZZZ123456")
    assert not creditor_id_valid("")


def dues_invoice(make_invoice, year, holder, amount="120.00"):
    key = "organisation" if holder.__class__.__name__ == "Organisation" else "person"
    return make_invoice(
        amount=amount,
        source_type="members.membership",
        source_id=f"{holder.pk}:{year}",
        **{key: holder},
    )


@pytest.fixture
def others(db):
    from guild.members.models import Organisation

    return Organisation.objects.create(legal_name="Creuse Web SARL", email="a@creuse-web.fr")


def test_batch_for_a_dues_call_builds_a_valid_pain008(
    sepa_settings, treasurer, organisation, others, make_invoice
):
    from guild.billing.sepa import dues_invoices

    year = 2026
    collected = dues_invoice(make_invoice, year, organisation)
    without_mandate = dues_invoice(make_invoice, year, others)
    other_year = dues_invoice(make_invoice, year - 1, organisation)
    record(treasurer, organisation)
    day = earliest_collection_date()
    batch = batch_create(actor=treasurer, invoices=dues_invoices(year), collection_date=day)
    assert batch.total == Decimal("120.00")
    assert [item.invoice for item in batch.items.all()] == [collected]
    root = ElementTree.fromstring(batch.xml.encode())
    assert root.find(".//p:GrpHdr/p:MsgId", NS).text == batch.message_id
    assert root.find(".//p:GrpHdr/p:NbOfTxs", NS).text == "1"
    assert root.find(".//p:GrpHdr/p:CtrlSum", NS).text == "120.00"
    assert root.find(".//p:PmtInf/p:ReqdColltnDt", NS).text == day.isoformat()
    assert root.find(".//p:PmtTpInf/p:SeqTp", NS).text == "FRST"
    assert root.find(".//p:CdtrAcct/p:Id/p:IBAN", NS).text == "FR7630006000011234567890189"
    assert root.find(".//p:CdtrSchmeId//p:Othr/p:Id", NS).text == "FR72ZZZ123456"
    tx = root.find(".//p:DrctDbtTxInf", NS)
    assert tx.find(".//p:MndtId", NS).text == "RUM-2026-0001"
    assert tx.find(".//p:InstdAmt", NS).text == "120.00"
    assert tx.find(".//p:InstdAmt", NS).get("Ccy") == "EUR"
    assert collected.number in tx.find(".//p:RmtInf/p:Ustrd", NS).text
    assert collected.sepa_pending and not without_mandate.sepa_pending
    assert not other_year.sepa_pending
    # The same invoice cannot go into a second batch while pending.
    with pytest.raises(ValidationError, match="Aucune facture ouverte"):
        batch_create(actor=treasurer, invoices=dues_invoices(year), collection_date=day)
    with pytest.raises(IntegrityError), transaction.atomic():
        SepaBatchItem.objects.create(
            batch=batch,
            invoice=collected,
            mandate=batch.items.get().mandate,
            amount=1,
            sequence_type="FRST",
            status="pending",
        )


def test_collecting_records_payments_and_moves_mandate_to_recurring(
    sepa_settings, treasurer, organisation, others, make_invoice
):
    from guild.billing.sepa import dues_invoices

    first = dues_invoice(make_invoice, 2026, organisation)
    rejected = dues_invoice(make_invoice, 2026, others, amount="80.00")
    mandate = record(treasurer, organisation)
    other_mandate = record(treasurer, others, reference="RUM-CW-1", debtor_name="Creuse Web")
    day = earliest_collection_date()
    batch = batch_create(actor=treasurer, invoices=dues_invoices(2026), collection_date=day)
    assert batch.total == Decimal("200.00")
    with pytest.raises(ValidationError, match="pas encore arrivée"):
        batch_collect(actor=treasurer, batch=batch)
    SepaBatch.objects.filter(pk=batch.pk).update(collection_date=timezone.localdate())
    batch.refresh_from_db()
    rejected_item = batch.items.get(invoice=rejected)
    batch_collect(actor=treasurer, batch=batch, rejected_item_ids=[rejected_item.pk])
    first.refresh_from_db()
    rejected.refresh_from_db()
    assert first.status == Invoice.Status.PAID
    assert first.payments.get().method == "sepa"
    assert rejected.status == Invoice.Status.ISSUED and not rejected.sepa_pending
    mandate.refresh_from_db()
    other_mandate.refresh_from_db()
    assert mandate.sequence_type == "RCUR"
    assert other_mandate.sequence_type == "FRST"
    with pytest.raises(ValidationError, match="déjà clôturée"):
        batch_collect(actor=treasurer, batch=batch)
    assert Payment.objects.count() == 1


def test_a_paid_invoice_in_a_pending_batch_blocks_the_collection_whole(
    sepa_settings, treasurer, organisation, make_invoice
):
    from guild.billing.sepa import dues_invoices

    invoice = dues_invoice(make_invoice, 2026, organisation)
    record(treasurer, organisation)
    batch = batch_create(
        actor=treasurer, invoices=dues_invoices(2026), collection_date=earliest_collection_date()
    )
    payment_record(actor=treasurer, invoice=invoice, amount="120", method="cash")
    SepaBatch.objects.filter(pk=batch.pk).update(collection_date=timezone.localdate())
    with pytest.raises(ValidationError, match="déjà payée"):
        batch_collect(actor=treasurer, batch=batch)
    batch.refresh_from_db()
    assert batch.status == SepaBatch.Status.PENDING
    assert Payment.objects.count() == 1
    batch_cancel(actor=treasurer, batch=batch)
    assert not invoice.sepa_pending


def test_batch_needs_creditor_settings_and_a_future_date(
    settings, treasurer, organisation, make_invoice
):
    from guild.billing.sepa import dues_invoices

    dues_invoice(make_invoice, 2026, organisation)
    record(treasurer, organisation)
    settings.SEPA_CREDITOR_ID = ""
    with pytest.raises(ValidationError, match="SEPA_CREDITOR_ID"):
        batch_create(
            actor=treasurer,
            invoices=dues_invoices(2026),
            collection_date=earliest_collection_date(),
        )
    settings.SEPA_CREDITOR_ID = "FR72ZZZ123456"
    settings.SEPA_CREDITOR_IBAN = "FR7630006000011234567890189"
    settings.SEPA_CREDITOR_BIC = BIC
    with pytest.raises(ValidationError, match="au plus tôt"):
        batch_create(
            actor=treasurer,
            invoices=dues_invoices(2026),
            collection_date=timezone.localdate(),
        )
    assert SepaBatch.objects.count() == 0


def test_treasurer_screens(client_for, sepa_settings, treasurer, organisation, make_invoice):
    dues_invoice(make_invoice, 2026, organisation)
    client = client_for(treasurer)
    url = reverse("billing:mandate_list")
    bad = client.post(
        url,
        {
            "organisation": organisation.pk,
            "debtor_name": "Limousin Data",
            "iban": "FR7630006000011234567890188",
            "bic": BIC,
            "reference": "RUM-1",
            "signed_on": "2020-01-02",
            "sequence_type": "FRST",
        },
    )
    assert bad.status_code == 200
    assert "n’est pas un IBAN valide" in bad.text
    assert SepaMandate.objects.count() == 0
    good = client.post(
        url,
        {
            "organisation": organisation.pk,
            "debtor_name": "Limousin Data",
            "iban": IBAN,
            "bic": BIC,
            "reference": "RUM-1",
            "signed_on": "2020-01-02",
            "sequence_type": "FRST",
        },
        follow=True,
    )
    assert "Mandat enregistré" in good.text
    day = earliest_collection_date()
    response = client.post(
        reverse("billing:batch_list"),
        {"year": 2026, "collection_date": day.isoformat(), "label": ""},
    )
    batch = SepaBatch.objects.get()
    assert response.url == reverse("billing:batch_detail", args=[batch.pk])
    download = client.get(reverse("billing:batch_download", args=[batch.pk]))
    assert download["Content-Type"].startswith("application/xml")
    assert b"pain.008.001.02" in download.content
    detail = client.get(reverse("billing:batch_detail", args=[batch.pk]))
    assert "Confirmer le prélèvement" in detail.text
    cancel = client.post(reverse("billing:batch_cancel", args=[batch.pk]), follow=True)
    assert "Remise annulée" in cancel.text
    mandate = SepaMandate.objects.get()
    client.post(reverse("billing:mandate_revoke", args=[mandate.pk]))
    mandate.refresh_from_db()
    assert mandate.status == "revoked"


def test_sepa_screens_are_for_the_treasurer_only(client_for, make_user):
    client = client_for(make_user())
    for name in ("billing:mandate_list", "billing:batch_list", "billing:export"):
        assert client.get(reverse(name)).status_code == 403


def test_earliest_collection_date_skips_weekends():
    day = earliest_collection_date()
    assert day.weekday() < 5
    assert day > timezone.localdate() + timedelta(days=1)


def test_personal_data_export_lists_the_persons_mandates(treasurer, member):
    from guild.billing.privacy import export_user
    from guild.members.models import Person

    record(treasurer, person=Person.objects.get(user=member), debtor_name="Paul Martin")
    data = export_user(member)
    assert data["sepa_mandates"][0]["iban"] == "FR7630006000011234567890189"
    assert export_user(treasurer)["sepa_mandates"] == []


def test_demo_seeds_mandates_for_open_organisation_invoices(make_invoice, organisation):
    import io

    from guild.billing import demo
    from guild.core.demo import DemoContext

    make_invoice(organisation=organisation)
    ctx = DemoContext(stdout=io.StringIO())
    demo.seed(ctx)
    demo.seed(ctx)
    mandate = SepaMandate.objects.get()
    assert mandate.organisation == organisation
    assert mandate.reference == f"RUM-DEMO-{organisation.pk:05d}"
