"""The member space: status and seniority, renewal, seats and invitations, invoices,
certificates, profile; and what another member cannot see or do."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from guild.billing.models import Invoice
from guild.billing.services import payment_record
from guild.core.models import OutgoingEmail
from guild.members import services
from guild.members.constants import MembershipStatus as S
from guild.members.models import Membership, Person, Seat, SeatInvitation
from guild.members.services import membership_apply, membership_approve

pytestmark = pytest.mark.django_db

ME = "/members/me/"


def pay(invoice, treasurer):
    from django.db import connection

    before = len(connection.run_on_commit)
    payment_record(
        actor=treasurer,
        invoice=invoice,
        amount=invoice.balance_due,
        method="transfer",
        reference="VIR",
    )
    # Run the paid hook now, as the commit would (tests run inside a transaction).
    for _sids, callback, _robust in connection.run_on_commit[before:]:
        callback()
    del connection.run_on_commit[before:]


@pytest.fixture
def active_company(company_category, organisation, contact, treasurer):
    membership = membership_apply(
        actor=None, category=company_category, organisation=organisation, contact=contact
    )
    membership_approve(actor=None, membership=membership)
    pay(Invoice.objects.get(organisation=organisation), treasurer)
    membership.refresh_from_db()
    assert membership.status == S.ACTIVE
    return membership


def invitation_link(email_body: str) -> str:
    return re.search(r"/members/invitations/\S+/", email_body).group(0)


def test_overview_shows_status_seniority_invoices_certificate(client, active_company, contact):
    client.force_login(contact.user)
    page = client.get(ME).content.decode()
    assert "Limousin Data SAS" in page
    assert "Active" in page or "Actif" in page or "active" in page.lower()
    assert "Adhérent depuis le" in page and "sans interruption" in page
    assert "Cotisation à jour jusqu’au" in page
    invoice = Invoice.objects.get()
    assert invoice.number in page
    assert reverse("billing:invoice_download", args=[invoice.pk]) in page
    assert reverse("members:certificate", args=[active_company.pk]) in page
    assert reverse("members:seats", args=[active_company.pk]) in page
    pdf = client.get(reverse("billing:invoice_download", args=[invoice.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    cert = client.get(reverse("members:certificate", args=[active_company.pk]))
    assert cert.content.startswith(b"%PDF")


def test_renewal_is_idempotent(client, active_company, contact, treasurer):
    client.force_login(contact.user)
    url = reverse("members:renew", args=[active_company.pk])
    # The period runs until 31 December: too early in January-September.
    today = timezone.localdate()
    period_end = date(today.year, 12, 31)
    assert active_company.period_end == period_end
    if (period_end - today).days > services.RENEWAL_WINDOW_DAYS:
        response = client.post(url, follow=True)
        assert "ne peut pas encore être renouvelée" in response.content.decode()
        assert Invoice.objects.count() == 1
    renewal = services.membership_renew(
        actor=contact.user, membership=active_company, today=period_end - timedelta(days=30)
    )
    assert renewal.source_id == f"{active_company.pk}:{today.year + 1}"
    again = services.membership_renew(
        actor=contact.user, membership=active_company, today=period_end - timedelta(days=10)
    )
    assert again.pk == renewal.pk
    assert Invoice.objects.count() == 2
    active_company.refresh_from_db()
    assert active_company.status == S.ACTIVE  # still active until the period ends
    pay(renewal, treasurer)
    active_company.refresh_from_db()
    assert active_company.period_end == date(today.year + 1, 12, 31)


def test_renew_button_and_view(client, active_company, contact):
    Membership.objects.filter(pk=active_company.pk).update(
        period_end=timezone.localdate() + timedelta(days=20)
    )
    client.force_login(contact.user)
    page = client.get(ME).content.decode()
    assert "Renouveler pour" in page
    url = reverse("members:renew", args=[active_company.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "facture de renouvellement" in response.content.decode()
    client.post(url)
    assert Invoice.objects.count() == 2


def test_lapsed_membership_renews_this_year(active_company, contact):
    Membership.objects.filter(pk=active_company.pk).update(
        status=S.LAPSED, period_end=date(2020, 12, 31)
    )
    active_company.refresh_from_db()
    later = date(timezone.localdate().year + 2, 3, 1)
    invoice = services.membership_renew(actor=contact.user, membership=active_company, today=later)
    assert invoice.source_id.endswith(f":{later.year}")
    active_company.refresh_from_db()
    assert active_company.status == S.AWAITING_PAYMENT


def test_invite_accept_and_remove(client, make_user, active_company, contact):
    client.force_login(contact.user)
    url = reverse("members:seats", args=[active_company.pk])
    page = client.get(url).content.decode()
    assert "Claire Dubois" in page
    assert services.seats_allowed(active_company) == 2
    response = client.post(
        url, {"email": "marc@limousin-data.fr", "first_name": "Marc", "last_name": "Petit"}
    )
    assert response.status_code == 302
    invite = SeatInvitation.objects.get()
    mail = OutgoingEmail.objects.get(template="members/email/seat_invitation")
    assert mail.to == "marc@limousin-data.fr"
    assert "Limousin Data SAS" in mail.subject
    link = invitation_link(mail.body_text)
    # The second seat is reserved by the pending invitation.
    response = client.post(url, {"email": "zoe@limousin-data.fr"})
    assert "réservées par des invitations" in response.content.decode()
    assert SeatInvitation.objects.count() == 1
    # Marc opens the link without an account: sign-up or log-in, nothing written.
    client.logout()
    path = link
    page = client.get(path).content.decode()
    assert "Créer mon compte" in page and "/auth/signup/?next=" in page
    assert client.post(path).status_code == 200
    assert Seat.objects.filter(removed_at__isnull=True).count() == 1
    # Someone else's account cannot use it.
    stranger = make_user(email="intrus@exemple.fr")
    client.force_login(stranger)
    response = client.post(path, follow=True)
    assert "marc@limousin-data.fr" in response.content.decode()
    assert not Person.objects.filter(user=stranger).exists()
    # Marc, logged in with the invited address, accepts: a member record is created.
    marc = make_user(email="marc@limousin-data.fr")
    client.force_login(marc)
    response = client.post(path, follow=True)
    assert "Bienvenue" in response.content.decode()
    person = Person.objects.get(user=marc)
    assert person.organisation == active_company.organisation
    assert person.full_name == "Marc Petit"
    seat = Seat.objects.get(person=person, removed_at__isnull=True)
    invite.refresh_from_db()
    assert invite.accepted_at and invite.accepted_by == person
    assert "déjà été acceptée" in client.get(path).content.decode()
    # Marc holds a seat: he sees the membership but not the seats page nor the invoices.
    page = client.get(ME).content.decode()
    assert "Limousin Data SAS" in page
    assert Invoice.objects.get().number not in page
    assert client.get(url).status_code == 403
    # The manager removes him.
    client.force_login(contact.user)
    client.post(reverse("members:seat_remove", args=[active_company.pk, seat.pk]))
    seat.refresh_from_db()
    assert seat.removed_at is not None
    # The last manager cannot be removed.
    manager_seat = Seat.objects.get(person=contact)
    response = client.post(
        reverse("members:seat_remove", args=[active_company.pk, manager_seat.pk]), follow=True
    )
    assert "au moins un responsable" in response.content.decode()


def test_invitation_withdrawn_and_tampered(client, make_user, active_company, contact):
    invite = services.seat_invite(
        actor=contact.user, membership=active_company, email="lea@exemple.fr"
    )
    token = signing.dumps({"i": invite.pk}, salt=services.INVITATION_SALT)
    client.force_login(contact.user)
    client.post(reverse("members:invitation_revoke", args=[active_company.pk, invite.pk]))
    invite.refresh_from_db()
    assert invite.revoked_at is not None
    response = client.get(reverse("members:invitation", args=[token]))
    assert response.status_code == 400 and "retirée" in response.content.decode()
    response = client.get(reverse("members:invitation", args=[token + "x"]))
    assert response.status_code == 400 and "pas valide" in response.content.decode()
    # Withdrawn: the seat is free again.
    services.seat_invite(actor=contact.user, membership=active_company, email="lea@exemple.fr")


def test_invitation_links_existing_person(make_user, active_company, contact):
    known = Person.objects.create(first_name="Léa", last_name="Roux", email="lea@exemple.fr")
    invite = services.seat_invite(
        actor=contact.user, membership=active_company, email="LEA@exemple.fr"
    )
    user = make_user(email="lea@exemple.fr")
    services.seat_invitation_accept(user=user, invitation=invite)
    known.refresh_from_db()
    assert known.user == user and known.organisation == active_company.organisation
    assert Person.objects.filter(email__iexact="lea@exemple.fr").count() == 1


def test_other_member_cannot_see_or_touch(client, make_user, active_company, contact):
    other_user = make_user(email="paul@autre.fr")
    other = Person.objects.create(
        first_name="Paul", last_name="Autre", email="paul@autre.fr", user=other_user
    )
    invoice = Invoice.objects.get()
    seat = Seat.objects.get(person=contact)
    invite = services.seat_invite(
        actor=contact.user, membership=active_company, email="x@limousin-data.fr"
    )
    client.force_login(other_user)
    page = client.get(ME).content.decode()
    assert invoice.number not in page and "Limousin" not in page
    for url in [
        reverse("billing:invoice_download", args=[invoice.pk]),
        reverse("members:certificate", args=[active_company.pk]),
        reverse("members:seats", args=[active_company.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    for url in [
        reverse("members:renew", args=[active_company.pk]),
        reverse("members:seats", args=[active_company.pk]),
        reverse("members:seat_remove", args=[active_company.pk, seat.pk]),
        reverse("members:invitation_revoke", args=[active_company.pk, invite.pk]),
    ]:
        assert client.post(url, {"email": "a@b.fr"}).status_code == 403, url
    seat.refresh_from_db()
    invite.refresh_from_db()
    assert seat.removed_at is None and invite.revoked_at is None
    assert SeatInvitation.objects.count() == 1
    assert Invoice.objects.count() == 1
    # The profile page shows the other's own details only.
    page = client.get(reverse("members:profile")).content.decode()
    assert "Paul" in page and "Limousin" not in page
    assert other.pk


def test_anonymous_is_sent_to_login(client, active_company):
    for url in [ME, reverse("members:profile"), reverse("members:seats", args=[1])]:
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login/" in response["Location"]


def test_account_is_linked_to_the_application_record(client, make_user, person_category):
    person = Person.objects.create(first_name="Nina", last_name="Bel", email="nina@exemple.fr")
    membership_apply(actor=None, category=person_category, person=person)
    user = make_user(email="Nina@exemple.fr")
    client.force_login(user)
    page = client.get(ME).content.decode()
    assert "Nina Bel" in page
    person.refresh_from_db()
    assert person.user == user


def test_profile_updates_and_visibility(client, active_company, contact, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(contact.user)
    url = reverse("members:profile")
    page = client.get(url).content.decode()
    assert "Mes coordonnées" in page and "Limousin Data SAS" in page
    assert "/directory/my-profile/" in page
    response = client.post(
        url,
        {
            "form": "person",
            "person-first_name": "Claire",
            "person-last_name": "Dubois-Martin",
            "person-job_title": "Directrice",
            "person-phone": "",
            "person-postal_code": "87100",
            "person-city": "Limoges",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.last_name == "Dubois-Martin" and contact.departement == "87"
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
        b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    data = {
        "form": "organisation",
        "org-trade_name": "LimData",
        "org-description": "Données et cartographie.",
        "org-website": "limdata.fr",
        "org-email": "contact@limdata.fr",
        "org-phone": "05 55 00 00 00",
        "org-address_line": "1 rue du Pont",
        "org-postal_code": "87000",
        "org-city": "Limoges",
        "org-naf_code": "6201Z",
        "org-headcount_band": "11",
        "org-vat_number": "",
        "org-directory_listed": "on",
        "org-vis_website": "public",
        "org-vis_description": "members",
        "org-vis_email": "hidden",
        "org-vis_phone": "hidden",
        "org-vis_contact": "members",
        "org-logo": SimpleUploadedFile("logo.png", png, content_type="image/png"),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    org = active_company.organisation
    org.refresh_from_db()
    assert org.trade_name == "LimData" and org.website == "https://limdata.fr"
    assert org.naf.code == "62.01Z" and org.directory_listed
    assert org.directory_visibility["description"] == "members"
    assert org.logo.name.startswith("organisations/")
    assert client.get(reverse("members:logo", args=[org.pk])).status_code == 200
    # Bad input: a clear error, nothing written.
    bad = {**data, "org-vat_number": "FR00000000000", "org-trade_name": "Autre"}
    bad.pop("org-logo")
    response = client.post(url, bad)
    assert response.status_code == 400
    assert "TVA" in response.content.decode()
    org.refresh_from_db()
    assert org.trade_name == "LimData"
    # Contact can never be made public, even by a forged form.
    forged = {**bad, "org-vat_number": "", "org-vis_contact": "public"}
    assert client.post(url, forged).status_code == 400


def test_seat_member_cannot_edit_organisation(client, make_user, active_company, contact):
    colleague_user = make_user(email="max@limousin-data.fr")
    colleague = Person.objects.create(
        first_name="Max",
        last_name="Lenoir",
        email="max@limousin-data.fr",
        user=colleague_user,
        organisation=active_company.organisation,
    )
    services.seat_add(actor=None, membership=active_company, person=colleague)
    client.force_login(colleague_user)
    page = client.get(reverse("members:profile")).content.decode()
    assert "Enregistrer l’organisation" not in page
    response = client.post(
        reverse("members:profile"), {"form": "organisation", "org-trade_name": "Pirate"}
    )
    assert response.status_code == 400
    active_company.organisation.refresh_from_db()
    assert active_company.organisation.trade_name == ""
    with pytest.raises(Exception, match="responsable"):
        services.organisation_profile_update(
            actor=colleague_user, membership=active_company, data={"trade_name": "Pirate"}
        )


def test_overview_query_count(client, make_user, person_category, django_assert_max_num_queries):
    user = make_user(email="q@exemple.fr")
    person = Person.objects.create(first_name="Q", last_name="Q", email="q@exemple.fr", user=user)
    membership = membership_apply(actor=None, category=person_category, person=person)
    membership_approve(actor=None, membership=membership)
    client.force_login(user)
    with django_assert_max_num_queries(30) as small:
        client.get(ME)
    for _ in range(5):
        from guild.billing.services import invoice_issue

        invoice_issue(
            actor=None,
            customer_name="Q",
            customer_email="q@exemple.fr",
            person=person,
            revenue_source="dues",
            lines=[{"label": "x", "quantity": 1, "unit_price": Decimal("1"), "vat_rate": 0}],
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(ME)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_invitations_never_exceed_the_seats(make_user):
    from guild.members.models import MembershipCategory, Organisation
    from tests.members.test_application import _burst

    category = MembershipCategory.objects.create(
        code="entreprise", name="Entreprise", holder="organisation", seats_fixed=3
    )
    org = Organisation.objects.create(legal_name="Course SAS", siren="732829320")
    user = make_user(email="chef@course.fr")
    manager = Person.objects.create(
        first_name="Chef", last_name="Course", email="chef@course.fr", user=user, organisation=org
    )
    membership = Membership.objects.create(
        category=category, organisation=org, status=S.ACTIVE, contact=manager
    )
    Seat.objects.create(membership=membership, person=manager, role="manager")

    outcomes = _burst(
        lambda i: services.seat_invite(
            actor=user, membership=membership, email=f"collegue{i}@course.fr"
        ),
        8,
    )
    assert outcomes.count("ok") == 2, outcomes
    assert SeatInvitation.objects.count() == 2


def test_privacy_export_and_erasure_cover_invitations(make_user, active_company, contact):
    from guild.members.privacy import erase_user, export_user

    invite = services.seat_invite(
        actor=contact.user, membership=active_company, email="lea@exemple.fr", first_name="Léa"
    )
    lea = make_user(email="lea@exemple.fr")
    Person.objects.create(first_name="Léa", last_name="Roux", email="lea@exemple.fr", user=lea)
    data = export_user(lea)
    assert data["seat_invitations_received"][0]["organisation"] == "Limousin Data SAS"
    erase_user(lea)
    invite.refresh_from_db()
    assert "lea" not in invite.email and invite.first_name == "" and invite.revoked_at
