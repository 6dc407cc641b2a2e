from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from guild.events.models import Order, Registration, Scan, Voucher
from guild.events.services import registration_cancel
from tests.events.factories import (
    CheckinListFactory,
    EventFactory,
    QuotaFactory,
    TicketTypeFactory,
)

pytestmark = pytest.mark.django_db


def test_public_list_detail_and_ics(client, event, ticket_type):
    EventFactory(status="draft", name="Brouillon secret")
    page = client.get(reverse("events:list")).content.decode()
    assert event.name in page
    assert "Brouillon secret" not in page
    detail = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert ticket_type.name in detail
    ics = client.get(reverse("events:ics", args=[event.slug]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"VEVENT" in ics.content
    assert client.get(reverse("events:detail", args=["nope"])).status_code == 404


def _form(n=1, **extra):
    data = {"quantity": n, "accept": "on"}
    for i in range(n):
        data |= {
            f"a{i}_first_name": f"Jean{i}",
            f"a{i}_last_name": "Dupont",
            f"a{i}_email": f"jean{i}@example.org" if i == 0 else "",
            f"a{i}_company": "Octet",
            f"a{i}_share": "on",
        }
    return data | extra


def test_group_registration_through_the_form(client, event, ticket_type):
    url = reverse("events:register", args=[event.slug, ticket_type.pk])
    assert client.get(url + "?quantity=2").status_code == 200
    response = client.post(url, _form(2))
    order = Order.objects.get()
    assert response.status_code == 302
    assert order.code in response["Location"]
    regs = list(order.registrations.all())
    assert len(regs) == 2
    assert all(r.share_with_exhibitors for r in regs)
    assert regs[1].email == "jean0@example.org"
    assert regs[0].share_consent_text
    page = client.get(response["Location"]).content.decode()
    assert order.code in page
    pdf = client.get(reverse("events:order_badges", args=[order.code, order.secret]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("events:order", args=[order.code, "wrong"])).status_code == 404


def test_registration_form_refusals_show_french_message(client, event, ticket_type, quota):
    url = reverse("events:register", args=[event.slug, ticket_type.pk])
    response = client.post(url, _form(1, voucher="INCONNU"))
    assert (
        "code n’est pas valable" in response.content.decode()
        or "pas valable" in response.content.decode()
    )
    assert not Order.objects.exists()
    response = client.post(url, {"quantity": 1})
    assert response.status_code == 200
    assert not Order.objects.exists()


def test_sold_out_shows_waiting_list_and_joins(client, event, ticket_type, quota, register):
    register(10)
    url = reverse("events:register", args=[event.slug, ticket_type.pk])
    page = client.get(url).content.decode()
    assert "liste d’attente" in page or "waiting list" in page
    response = client.post(
        reverse("events:waiting_list", args=[event.slug, ticket_type.pk]),
        {"name": "Zoé", "email": "zoe@example.org"},
        follow=True,
    )
    assert response.status_code == 200
    entry = event.waiting_list.get()
    client.post(
        reverse("events:waiting_list", args=[event.slug, ticket_type.pk]),
        {"name": "", "email": "bad"},
    )
    client.post(
        reverse("events:waiting_list", args=[event.slug, ticket_type.pk]),
        {"name": "Zoé", "email": "zoe@example.org"},
    )
    assert event.waiting_list.count() == 1
    offer_url = reverse("events:offer", args=[entry.pk, entry.offer_secret])
    assert client.get(offer_url).status_code == 410
    assert client.get(reverse("events:offer", args=[entry.pk, "bad"])).status_code == 404


def test_waiting_offer_converts(
    client, event, ticket_type, quota, register, user, django_capture_on_commit_callbacks
):
    order = register(10)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("events:waiting_list", args=[event.slug, ticket_type.pk]),
            {"name": "Zoé", "email": "zoe@example.org"},
        )
        registration_cancel(actor=user, registration=order.registrations.first())
    entry = event.waiting_list.get()
    assert entry.status == "offered"
    url = reverse("events:offer", args=[entry.pk, entry.offer_secret])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(1))
    assert response.status_code == 302
    entry.refresh_from_db()
    quota.refresh_from_db()
    assert entry.status == "converted"
    assert quota.used == 10


def test_attendee_space(client_for, user, event, register, client):
    order = register(1, email=user.email)
    registration = order.registrations.get()
    assert client.get(reverse("events:mine")).status_code == 302
    c = client_for(user)
    page = c.get(reverse("events:mine")).content.decode()
    assert event.name in page
    assert c.get(reverse("events:mine_badge", args=[registration.pk])).content[:4] == b"%PDF"
    assert b"VEVENT" in c.get(reverse("events:mine_ics", args=[registration.pk])).content
    response = c.post(
        reverse("events:mine_change", args=[registration.pk]),
        {"first_name": "Paul", "last_name": "Roux", "email": user.email},
    )
    assert response.status_code == 302
    assert c.get(reverse("events:mine_change", args=[registration.pk])).status_code == 200
    c.post(reverse("events:mine_cancel", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    c.post(reverse("events:mine_cancel", args=[registration.pk]))  # already: message
    response = c.post(
        reverse("events:mine_change", args=[registration.pk]),
        {"first_name": "Paul", "last_name": "Roux", "email": user.email},
    )
    assert response.status_code == 200
    assert c.get(reverse("events:mine_badge", args=[registration.pk])).status_code == 404


def test_attendee_space_forbidden_for_others(client_for, make_user, register):
    registration = register(1).registrations.get()
    other = client_for(make_user())
    assert other.get(reverse("events:mine_badge", args=[registration.pk])).status_code == 403


def test_manage_screens_need_staff(client_for, make_user, event):
    checkin = client_for(make_user("checkin"))
    for name in ["events:manage_list", "events:manage_new"]:
        assert checkin.get(reverse(name)).status_code == 403
    for name in [
        "events:manage_detail",
        "events:manage_attendees",
        "events:manage_desk",
        "events:manage_stats",
        "events:manage_referrals",
    ]:
        assert checkin.get(reverse(name, args=[event.pk])).status_code == 403


def test_attendee_export_never_runs_what_a_visitor_typed(client_for, staff_user, event, register):
    """A visitor who registers as ``=HYPERLINK(…)`` must not plant a formula in the
    spreadsheet the organisers open: text in CSV gets an apostrophe, XLSX stores text."""
    import csv
    import io

    from openpyxl import load_workbook

    typed = '=HYPERLINK("http://evil.example","Cliquez ici")'
    register(1, company=typed)
    c = client_for(staff_user)
    response = c.get(reverse("events:manage_export", args=[event.pk, "csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert row[header.index("company")] == "'" + typed
    assert row[header.index("price")] == "0,00"  # decimal comma for French Excel
    response = c.get(reverse("events:manage_export", args=[event.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    company = sheet.cell(row=2, column=header.index("company") + 1)
    assert (company.value, company.data_type) == (typed, "s")
    assert c.get(reverse("events:manage_export", args=[event.pk, "ods"])).status_code == 404


def test_manage_screens(client_for, staff_user, event, ticket_type, register, checkin_list):
    c = client_for(staff_user)
    order = register(3)
    assert event.name in c.get(reverse("events:manage_list")).content.decode()
    assert c.get(reverse("events:manage_detail", args=[event.pk])).status_code == 200
    page = c.get(reverse("events:manage_attendees", args=[event.pk]) + "?q=Anne0").content
    assert b"Anne0" in page
    assert b"Anne1" not in page
    assert c.get(reverse("events:manage_stats", args=[event.pk])).status_code == 200
    csv = b"".join(
        c.get(reverse("events:manage_export", args=[event.pk, "csv"])).streaming_content
    ).decode()
    assert csv.count("\n") == 4
    assert "Anne0" in csv
    xlsx = c.get(reverse("events:manage_export", args=[event.pk, "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    report = c.get(reverse("events:manage_report", args=[event.pk]))
    assert report.content[:4] == b"%PDF"
    for layout in ("a4", "a6", "zz"):
        pdf = c.get(
            reverse("events:manage_badges", args=[event.pk]) + f"?layout={layout}"
            f"&ticket_type={ticket_type.pk}"
        )
        assert pdf.content[:4] == b"%PDF"
    reg = order.registrations.first()
    c.post(reverse("events:manage_registration", args=[reg.pk]), {"action": "reissue"})
    c.post(reverse("events:manage_registration", args=[reg.pk]), {"action": "cancel"})
    c.post(reverse("events:manage_registration", args=[reg.pk]), {"action": "cancel"})
    reg.refresh_from_db()
    assert reg.status == "cancelled"


def test_manage_paid_and_status_and_clone(client_for, staff_user, event):
    from guild.events.services import Attendee, order_place

    c = client_for(staff_user)
    paid = TicketTypeFactory(event=event, price=Decimal("12.00"))
    order = order_place(
        actor=None,
        event=event,
        attendees=[
            Attendee(ticket_type_id=paid.pk, first_name="A", last_name="B", email="a@example.org")
        ],
        buyer_name="A B",
        buyer_email="a@example.org",
    )
    c.post(
        reverse("events:manage_registration", args=[order.registrations.get().pk]),
        {"action": "paid", "reference": "VIR-1"},
    )
    order.refresh_from_db()
    assert order.status == "confirmed"
    assert order.invoice_ref == "VIR-1"
    c.post(reverse("events:manage_status", args=[event.pk]), {"to": "closed"})
    c.post(reverse("events:manage_status", args=[event.pk]), {"to": "bogus"})
    event.refresh_from_db()
    assert event.status == "closed"
    response = c.post(reverse("events:manage_clone", args=[event.pk]))
    assert response.status_code == 302
    response = c.post(
        reverse("events:manage_new"),
        {
            "name": "Meetup IA",
            "kind": "meetup",
            "starts_at": "2026-12-10T18:00",
            "ends_at": "2026-12-10T21:00",
            "exhibitor_consent_text": "OK",
            "offer_hours": 24,
        },
    )
    assert response.status_code == 302
    response = c.post(
        reverse("events:manage_new"),
        {
            "name": "Bad",
            "kind": "meetup",
            "starts_at": "2026-12-10T18:00",
            "ends_at": "2026-12-09T21:00",
            "exhibitor_consent_text": "OK",
            "offer_hours": 24,
        },
    )
    assert response.status_code == 200
    assert c.get(reverse("events:manage_new")).status_code == 200


def test_desk_walk_in(client_for, staff_user, event, ticket_type, checkin_list):
    c = client_for(staff_user)
    url = reverse("events:manage_desk", args=[event.pk])
    assert c.get(url).status_code == 200
    response = c.post(
        url,
        {
            "ticket_type": ticket_type.pk,
            "first_name": "Walk",
            "last_name": "In",
            "email": "walk@example.org",
            "check_in": "on",
        },
    )
    registration = Registration.objects.get(last_name="In")
    assert response.status_code == 302
    assert str(registration.pk) in response["Location"]
    assert Scan.objects.filter(registration=registration).count() == 1
    assert b"Walk In" in c.get(response["Location"]).content
    badge = c.get(reverse("events:manage_desk_badge", args=[event.pk, registration.pk]))
    assert badge.content[:4] == b"%PDF"
    paid = TicketTypeFactory(event=event, price=Decimal("20.00"))
    c.post(
        url,
        {
            "ticket_type": paid.pk,
            "first_name": "Pay",
            "last_name": "Desk",
            "email": "pay@example.org",
        },
    )
    assert Registration.objects.get(last_name="Desk").status == "confirmed"
    event.status = "draft"
    event.save()
    response = c.post(
        url,
        {
            "ticket_type": ticket_type.pk,
            "first_name": "No",
            "last_name": "Way",
            "email": "no@example.org",
        },
    )
    assert response.status_code == 200
    assert not Registration.objects.filter(last_name="Way")


def test_referrals_screen(client_for, staff_user, event, ticket_type):
    c = client_for(staff_user)
    url = reverse("events:manage_referrals", args=[event.pk])
    assert c.get(url).status_code == 200
    c.post(url, {"inv-ticket_type": ticket_type.pk, "inv-kind": "free", "inv-max_uses": 10})
    new = reverse("events:manage_voucher_new", args=[event.pk])
    c.post(new, {"v-code": "PRESSE", "v-kind": "free", "v-max_uses": 3})
    c.post(new, {"v-code": "PRESSE", "v-kind": "free", "v-max_uses": 3})
    c.post(new, {"v-kind": "free", "v-max_uses": 0})
    assert Voucher.objects.filter(event=event, code="PRESSE").count() == 1


def test_scanner_pages_and_redeem(client_for, make_user, event, register, checkin_list):
    door = client_for(make_user("checkin"))
    registration = register(1).registrations.get()
    assert checkin_list.name in door.get(reverse("events:checkin_home")).content.decode()
    assert door.get(reverse("events:scanner", args=[checkin_list.pk])).status_code == 200
    url = reverse("events:scanner_redeem", args=[checkin_list.pk])
    body = {
        "token": registration.token,
        "direction": "entry",
        "nonce": "abc",
        "scanned_at": "2026-11-28T10:00:00+01:00",
        "gate": "A",
    }
    data = door.post(url, json.dumps(body), content_type="application/json").json()
    assert data["status"] == "ok"
    assert data["attendee"]["name"] == registration.full_name
    data = door.post(url, json.dumps(body), content_type="application/json").json()
    assert data["replayed"]
    bad = door.post(
        url,
        json.dumps(body | {"direction": "sideways", "nonce": "x"}),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert door.post(url, "{not json", content_type="application/json").status_code == 400
    # A form post (a browser without the page's script) is refused, not an error 500.
    assert door.post(url, {"token": registration.token}).status_code == 400
    assert door.post(url, {"token": "x"}, content_type="multipart/form-data").status_code == 400
    bad = door.post(
        url,
        json.dumps(body | {"scanned_at": "yesterday", "nonce": "y"}),
        content_type="application/json",
    )
    assert bad.status_code == 400
    counters = door.get(reverse("events:scanner_counters", args=[checkin_list.pk])).json()
    assert counters["inside"] == 1
    found = door.get(reverse("events:scanner_search", args=[checkin_list.pk]) + "?q=anne")
    assert found.json()["results"][0]["token"] == registration.token
    assert door.get(reverse("events:scanner_search", args=[checkin_list.pk]) + "?q=a").json() == {
        "results": []
    }
    nobody = client_for(make_user())
    assert nobody.get(reverse("events:scanner", args=[checkin_list.pk])).status_code == 403


def test_list_query_counts_do_not_grow(client_for, staff_user, event, ticket_type, register, quota):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(staff_user)
    quota.size = 100
    quota.save()
    CheckinListFactory(event=event)
    urls = [
        reverse("events:manage_attendees", args=[event.pk]),
        reverse("events:manage_list"),
        reverse("events:list"),
        reverse("events:manage_referrals", args=[event.pk]),
    ]

    def counts():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                c.get(url)
            out.append(len(ctx.captured_queries))
        return out

    register(3)
    small = counts()
    for _ in range(9):
        register(3)
    EventFactory.create_batch(5)
    assert counts() == small


def test_ticket_type_editor(client_for, staff_user, event, quota):
    c = client_for(staff_user)
    url = reverse("events:manage_ticket_type_new", args=[event.pk])
    assert c.get(url).status_code == 200
    c.post(url, {"quota-name": "Salle A", "quota-size": 40})
    assert event.quotas.filter(name="Salle A", size=40).exists()
    c.post(url, {"quota-name": "", "quota-size": 0})
    data = {
        "name": "Pass conférences",
        "category": "day_pass",
        "price": "30.00",
        "member_price": "10.00",
        "vat_rate": "20.00",
        "colour": "#b45309",
        "quotas": [quota.pk],
        "max_per_order": 4,
        "is_public": "on",
        "position": 2,
    }
    response = c.post(url, data)
    assert response.status_code == 302
    ticket = event.ticket_types.get(name="Pass conférences")
    assert ticket.member_price == Decimal("10.00")
    assert list(ticket.quotas.all()) == [quota]
    edit = reverse("events:manage_ticket_type", args=[event.pk, ticket.pk])
    assert c.get(edit).status_code == 200
    bad = c.post(
        edit, data | {"sale_starts_at": "2026-12-10T10:00", "sale_ends_at": "2026-12-01T10:00"}
    )
    assert bad.status_code == 200
    assert "vente" in bad.content.decode()
    from guild.events.services import EventsError
    from guild.events.services.editions import quota_create, ticket_type_save

    with pytest.raises(EventsError):
        ticket_type_save(
            actor=staff_user,
            event=event,
            ticket_type=None,
            data={"name": "X"},
            quotas=[QuotaFactory()],
        )
    with pytest.raises(EventsError):
        quota_create(actor=staff_user, event=event, name="Vide", size=0)
