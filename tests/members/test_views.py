from decimal import Decimal

import pytest
from django.urls import reverse

from guild.billing.models import Invoice, Payment
from guild.members.constants import MembershipStatus as S
from guild.members.models import Membership, Organisation, Person
from guild.members.services import membership_apply, membership_approve

pytestmark = pytest.mark.django_db


def form_data(category, **kw):
    data = {
        "category": category.pk,
        "legal_name": "Creuse Numérique SARL",
        "siren": "732 829 320",
        "headcount_band": "11",
        "first_name": "Claire",
        "last_name": "Dubois",
        "email": "claire@creuse-num.fr",
        "city": "Guéret",
        "consent": "on",
        "website": "",
    }
    data.update(kw)
    return data


def test_company_journey(client, make_user, company_category, django_capture_on_commit_callbacks):
    applicant = make_user(email="claire@creuse-num.fr")
    client.force_login(applicant)
    assert client.get(reverse("members:apply")).status_code == 200
    response = client.post(reverse("members:apply"), form_data(company_category))
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.status == S.APPLIED
    assert membership.application_data["consent"]["wording"].startswith("J’accepte")
    assert Person.objects.get().user == applicant
    staff = make_user("staff")
    client.force_login(staff)
    assert b"Creuse" in client.get(reverse("members:applications")).content
    client.post(reverse("members:approve", args=[membership.pk]))
    invoice = Invoice.objects.get()
    assert invoice.total_gross == Decimal("400.00")
    treasurer = make_user("treasurer")
    client.force_login(treasurer)
    assert invoice.number.encode() in client.get(reverse("billing:invoice_list")).content
    url = reverse("billing:invoice_detail", args=[invoice.pk])
    response = client.post(
        url, {"amount": "500", "method": "transfer", "reference": "VIR 1", "paid_on": "2026-01-15"}
    )
    assert "supérieur au reste dû" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "amount": "400",
                "method": "transfer",
                "reference": "VIR CREUSE NUM",
                "paid_on": "2026-01-15",
            },
        )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == S.ACTIVE
    client.force_login(applicant)
    page = client.get(reverse("members:my_membership")).content.decode()
    assert invoice.number in page
    pdf = client.get(reverse("billing:invoice_download", args=[invoice.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    cert = client.get(reverse("members:certificate", args=[membership.pk]))
    assert cert.content.startswith(b"%PDF")


def test_application_refusals(client, company_category):
    url = reverse("members:apply")
    for data, message in [
        (form_data(company_category, siren="123"), "9 chiffres"),
        (form_data(company_category, siren=""), "SIREN est obligatoire"),
        (form_data(company_category, legal_name=""), "raison sociale est obligatoire"),
        (form_data(company_category, website="http://spam"), "pas pu être acceptée"),
        (form_data(company_category, consent=""), "indispensable"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert Membership.objects.count() == 0
    assert Organisation.objects.count() == 0
    client.post(url, form_data(company_category))
    response = client.post(url, form_data(company_category, email="autre@creuse-num.fr"))
    assert "est déjà adhérente" in response.content.decode()
    assert Membership.objects.count() == 1
    assert client.get(reverse("members:apply_done")).status_code == 200


def test_person_application(client, person_category):
    client.post(reverse("members:apply"), form_data(person_category, legal_name="", siren=""))
    membership = Membership.objects.get()
    assert membership.person.email == "claire@creuse-num.fr"


def test_permissions(client, make_user, person_category, contact):
    membership = membership_apply(actor=None, category=person_category, person=contact)
    membership_approve(actor=None, membership=membership)
    invoice = Invoice.objects.get()
    stranger = make_user()
    client.force_login(stranger)
    for url in [
        reverse("members:applications"),
        reverse("billing:invoice_list"),
        reverse("billing:invoice_detail", args=[invoice.pk]),
        reverse("billing:invoice_download", args=[invoice.pk]),
        reverse("members:certificate", args=[membership.pk]),
    ]:
        assert client.get(url).status_code == 403
    assert client.get(reverse("members:approve", args=[membership.pk])).status_code == 403
    page = client.get(reverse("members:my_membership")).content.decode()
    assert "pas encore d’adhésion" in page
    client.force_login(contact.user)
    response = client.get(reverse("members:certificate", args=[membership.pk]))
    assert response.status_code == 302  # not active yet
    staff = make_user("staff")
    client.force_login(staff)
    response = client.post(reverse("members:approve", args=[membership.pk]), follow=True)
    assert "ne peut pas passer" in response.content.decode()
    assert Payment.objects.count() == 0


def test_invoice_list_query_count(client, make_user, django_assert_max_num_queries):
    from tests.billing.test_services import issue

    treasurer = make_user("treasurer")
    client.force_login(treasurer)
    for _ in range(3):
        issue(treasurer)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("billing:invoice_list"))
    for _ in range(27):
        issue(treasurer)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("billing:invoice_list") + "?q=F")
    assert response.status_code == 200


def test_applications_query_count(
    client, staff_user, person_category, django_assert_max_num_queries
):
    def make(n):
        for i in range(n):
            person = Person.objects.create(
                first_name="A", last_name=str(i), email=f"p{Person.objects.count()}@x.fr"
            )
            membership_apply(actor=None, category=person_category, person=person)

    client.force_login(staff_user)
    make(3)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("members:applications"))
    make(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("members:applications"))
