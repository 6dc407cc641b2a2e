import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from guild.billing import hooks
from guild.billing.documents import (
    TEMPLATE,
    credit_note_context,
    credit_note_pdf,
    invoice_context,
    invoice_pdf,
)
from guild.billing.models import (
    CreditNote,
    ImmutableError,
    Invoice,
    InvoiceLine,
    OtherIncome,
    Payment,
    RevenueSource,
)
from guild.billing.selectors import public_money_share, revenue_by_source
from guild.billing.services import (
    credit_note_issue,
    invoice_issue,
    other_income_record,
    payment_record,
)
from guild.core.models import AuditEntry

pytestmark = pytest.mark.django_db

LINE = {"label": "Cotisation 2026", "quantity": 1, "unit_price": "120.00", "vat_rate": 0}


def issue(actor=None, **kw):
    data = {
        "actor": actor,
        "customer_name": "Limousin Data SAS",
        "customer_email": "compta@ld.fr",
        "lines": [LINE],
        "revenue_source": RevenueSource.DUES,
    }
    data.update(kw)
    return invoice_issue(**data)


def test_invoice_numbering_is_continuous_per_year(treasurer):
    first = issue(treasurer)
    second = issue(treasurer)
    year = date.today().year
    assert first.number == f"F{year}-00001"
    assert second.number == f"F{year}-00002"
    old = issue(treasurer, issued_on=date(2020, 5, 4))
    assert old.number == "F2020-00001"
    assert first.due_date == first.issued_on + timedelta(days=30)
    assert AuditEntry.objects.filter(action="billing.invoice_issued").count() == 3


def test_invoice_totals_and_vat(treasurer):
    invoice = issue(
        treasurer,
        lines=[
            {"label": "Stand 9 m²", "quantity": 2, "unit_price": "450.00", "vat_rate": "20"},
            {"label": "Repas", "quantity": 3, "unit_price": "18.18", "vat_rate": "10"},
        ],
        revenue_source=RevenueSource.TRADE_SHOW,
    )
    assert invoice.total_net == Decimal("954.54")
    assert invoice.total_vat == Decimal("185.45")
    assert invoice.total_gross == Decimal("1139.99")
    assert invoice.lines.count() == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"customer_name": " "}, "nom du client"),
        ({"customer_email": "pas-un-mail"}, "adresse e-mail"),
        ({"revenue_source": "lottery"}, "Source de recettes inconnue"),
        ({"lines": []}, "au moins une ligne"),
        ({"lines": [{**LINE, "label": ""}]}, "libellé"),
        ({"lines": [{**LINE, "quantity": 0}]}, "quantité"),
        ({"lines": [{**LINE, "unit_price": "abc"}]}, "n’est pas un nombre"),
        ({"lines": [{**LINE, "unit_price": "NaN"}]}, "n’est pas un nombre"),
        ({"lines": [{**LINE, "vat_rate": 19.6}]}, "taux de TVA"),
        ({"lines": [{**LINE, "unit_price": "-5"}]}, "négatif"),
        ({"due_date": date(2000, 1, 1)}, "échéance"),
    ],
)
def test_invoice_refusals(treasurer, kwargs, message):
    with pytest.raises(ValidationError) as error:
        issue(treasurer, **kwargs)
    assert message in str(error.value)
    assert Invoice.objects.count() == 0


def test_issued_invoice_is_immutable(treasurer):
    invoice = issue(treasurer)
    invoice.customer_name = "Autre"
    with pytest.raises(ImmutableError):
        invoice.save()
    with pytest.raises(ImmutableError):
        invoice.delete()
    line = invoice.lines.get()
    with pytest.raises(ImmutableError):
        line.save()
    with pytest.raises(ImmutableError):
        line.delete()
    assert Invoice.objects.get().customer_name == "Limousin Data SAS"


def test_payment_flow_and_paid_handler(treasurer, django_capture_on_commit_callbacks):
    seen = []
    hooks.register_paid_handler("test.thing", seen.append)
    invoice = issue(treasurer, source_type="test.thing", source_id="7")
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(
            actor=treasurer, invoice=invoice, amount="20", method="cheque", reference="CHQ 123"
        )
    assert invoice.status == Invoice.Status.ISSUED
    assert seen == []
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(
            actor=treasurer,
            invoice=invoice,
            amount="100.00",
            method="transfer",
            reference="VIR LD 2026",
        )
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert invoice.amount_paid == Decimal("120.00")
    assert [i.pk for i in seen] == [invoice.pk]
    with pytest.raises(ValidationError) as error:
        payment_record(actor=treasurer, invoice=invoice, amount="1", method="cash")
    assert "déjà payée" in str(error.value)
    assert Payment.objects.count() == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"amount": "130"}, "supérieur au reste dû"),
        ({"amount": "0"}, "positif"),
        ({"amount": "x"}, "n’est pas un nombre"),
        ({"method": "bitcoin"}, "inconnu"),
        ({"method": "transfer", "reference": ""}, "référence"),
        ({"paid_on": date.today() + timedelta(days=3)}, "futur"),
    ],
)
def test_payment_refusals(treasurer, kwargs, message):
    invoice = issue(treasurer)
    data = {"amount": "10", "method": "card", "reference": ""} | kwargs
    with pytest.raises(ValidationError) as error:
        payment_record(actor=treasurer, invoice=invoice, **data)
    assert message in str(error.value)
    assert Payment.objects.count() == 0
    invoice.refresh_from_db()
    assert invoice.amount_paid == 0


def test_zero_invoice_is_paid_at_once(treasurer, django_capture_on_commit_callbacks):
    seen = []
    hooks.register_paid_handler("test.free", seen.append)
    with django_capture_on_commit_callbacks(execute=True):
        invoice = issue(treasurer, lines=[{**LINE, "unit_price": "0"}], source_type="test.free")
    assert invoice.status == Invoice.Status.PAID
    assert len(seen) == 1


def test_credit_notes(treasurer, django_capture_on_commit_callbacks):
    invoice = issue(treasurer)
    with pytest.raises(ValidationError):
        credit_note_issue(actor=treasurer, invoice=invoice, reason="")
    with pytest.raises(ValidationError) as error:
        credit_note_issue(
            actor=treasurer, invoice=invoice, reason="Erreur", lines=[{**LINE, "unit_price": "500"}]
        )
    assert "reste" in str(error.value)
    payment_record(actor=treasurer, invoice=invoice, amount="100", method="card")
    seen = []
    hooks.register_paid_handler("", seen.append)
    with django_capture_on_commit_callbacks(execute=True):
        note = credit_note_issue(
            actor=treasurer,
            invoice=invoice,
            reason="Remise membre",
            lines=[{**LINE, "label": "Remise", "unit_price": "20"}],
        )
    assert note.number == f"A{date.today().year}-00001"
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert invoice.amount_credited == Decimal("20.00")
    with pytest.raises(ValidationError) as error:
        credit_note_issue(actor=treasurer, invoice=invoice, reason="Tout")
    assert "avoir partiel" in str(error.value)
    with pytest.raises(ImmutableError):
        note.save()
    with pytest.raises(ImmutableError):
        note.delete()
    full = issue(treasurer)
    credit_note_issue(actor=treasurer, invoice=full, reason="Annulation")
    full.refresh_from_db()
    assert full.status == Invoice.Status.CREDITED
    with pytest.raises(ValidationError) as error:
        credit_note_issue(actor=treasurer, invoice=full, reason="Encore")
    assert "totalement" in str(error.value)
    with pytest.raises(ValidationError) as error:
        payment_record(actor=treasurer, invoice=full, amount="1", method="cash")
    assert "avoir" in str(error.value)
    hooks._PAID_HANDLERS.pop("", None)


def test_other_income_and_revenue(treasurer):
    today = date.today()
    issue(treasurer)  # 120 dues
    sponsor = issue(
        treasurer,
        revenue_source=RevenueSource.SPONSORSHIP,
        lines=[{**LINE, "unit_price": "1000", "vat_rate": "20"}],
    )
    credit_note_issue(
        actor=treasurer,
        invoice=sponsor,
        reason="Geste",
        lines=[{**LINE, "unit_price": "100", "vat_rate": "20"}],
    )
    grant = other_income_record(
        actor=treasurer,
        label="Subvention Région",
        amount="800",
        revenue_source=RevenueSource.PUBLIC_GRANT,
        funder_name="Région Nouvelle-Aquitaine",
    )
    assert grant.is_public
    other_income_record(
        actor=treasurer,
        label="Don",
        amount="180",
        revenue_source=RevenueSource.DONATION,
        funder_name="Mme Martin",
    )
    revenue = revenue_by_source(start=today, end=today)
    assert set(revenue) == set(RevenueSource.values)
    assert revenue["dues"] == Decimal("120.00")
    assert revenue["sponsorship"] == Decimal("900.00")
    assert revenue["public_grant"] == Decimal("800.00")
    assert revenue["coworking"] == Decimal("0.00")
    assert public_money_share(start=today, end=today) == Decimal("40.00")
    past = date(2001, 1, 1)
    assert public_money_share(start=past, end=past) == Decimal("0")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"label": ""}, "libellé"),
        ({"amount": "-1"}, "positif"),
        ({"amount": "beaucoup"}, "n’est pas un nombre"),
        ({"revenue_source": "x"}, "inconnue"),
        ({"funder_name": ""}, "financeur"),
    ],
)
def test_other_income_refusals(treasurer, kwargs, message):
    data = {
        "label": "Subvention",
        "amount": "10",
        "revenue_source": "public_grant",
        "funder_name": "Département de la Haute-Vienne",
    } | kwargs
    with pytest.raises(ValidationError) as error:
        other_income_record(actor=treasurer, **data)
    assert message in str(error.value)
    assert OtherIncome.objects.count() == 0


def test_invoice_pdf(treasurer):
    from guild.core.models import AssociationIdentity

    AssociationIdentity.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Numérique Limousin",
            "short_name": "NL",
            "siren": "123456789",
            "address_line": "1 rue Jules Noriac",
            "postal_code": "87000",
            "city": "Limoges",
        },
    )
    invoice = issue(treasurer, customer_siren="356000000")
    assert invoice_pdf(invoice).startswith(b"%PDF")
    text = html(invoice_context(invoice))
    assert invoice.number in text
    assert "293 B" in text
    assert "40" in text
    assert "indemnité forfaitaire" in text
    taxed = issue(treasurer, lines=[{**LINE, "vat_rate": "20"}])
    text = html(invoice_context(taxed))
    assert "TVA 20" in text
    assert "293 B" not in text
    note = credit_note_issue(actor=treasurer, invoice=taxed, reason="Doublon")
    assert credit_note_pdf(note).startswith(b"%PDF")
    text = html(credit_note_context(note))
    assert note.number in text
    assert "Doublon" in text


def html(context) -> str:
    from django.template.loader import render_to_string
    from django.utils import translation

    from guild.core.identity import get_identity

    with translation.override("fr"):
        return render_to_string(TEMPLATE, {"identity": get_identity(), **context})


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_numbering_has_no_gap_and_no_duplicate():
    errors = []
    count, per_thread = 6, 5

    def work():
        try:
            for _ in range(per_thread):
                issue(None)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, count * per_thread + 1))
    assert InvoiceLine.objects.count() == count * per_thread
    assert CreditNote.objects.count() == 0
