"""Journeys: register → e-mail with badge → scan at the door (keyboard wedge), online and
offline; new edition from the last one; a member's invitation code attributed on the board."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from guild.events.models import Event, Registration, Scan, Voucher
from tests.events.factories import CheckinListFactory, EventFactory, QuotaFactory, TicketTypeFactory


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


@pytest.fixture
def show(transactional_db):
    event = EventFactory(name="Salon du numérique 2026", slug="salon-2026", edition_year=2026)
    quota = QuotaFactory(event=event, size=50)
    ticket = TicketTypeFactory(event=event, name="Visiteur professionnel")
    ticket.quotas.add(quota)
    CheckinListFactory(event=event, name="Entrée principale")
    return event


def register_in_browser(page, event, first="Léa", last="Durand", email="lea@example.org", code=""):
    url = f"/events/{event.slug}/" + (f"?code={code}" if code else "")
    page.goto(url)
    page.get_by_role("button", name="S’inscrire").first.click()
    page.fill("input[name=a0_first_name]", first)
    page.fill("input[name=a0_last_name]", last)
    page.fill("input[name=a0_email]", email)
    page.fill("input[name=a0_company]", "Octet SARL")
    page.check("input[name=a0_share]")
    page.check("input[name=accept]")
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.wait_for_selector("text=Votre inscription est confirmée")


def test_register_receive_badge_and_scan_online_then_offline(
    page, live_server, show, smtp_server, make_user, axe_csp
):
    register_in_browser(page, show)
    axe_csp(page)
    registration = Registration.objects.get(email="lea@example.org")
    message = next(m for m in smtp_server.messages if m["To"] == "lea@example.org")
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    badge = next(p for name, p in attachments.items() if name.startswith("badge-"))
    assert badge.get_content().startswith(b"%PDF")
    assert "invitation.ics" in attachments
    door = make_user("checkin")
    login(page, live_server, door)
    checkin_list = show.checkin_lists.get()
    page.goto(f"/checkin/{checkin_list.pk}/")
    axe_csp(page)
    assert page.text_content("#count-checked") == "0"
    page.focus("#token")
    page.keyboard.type(registration.token)  # a USB scanner types, then sends Enter
    page.keyboard.press("Enter")
    page.wait_for_selector(".result-ok")
    assert "Bienvenue" in page.text_content("#result")
    expect(page.locator("#count-checked")).to_have_text("1")

    # the network drops: the scan is kept on the device, then synced once
    other = Registration.objects.create(
        event=show,
        order=registration.order,
        ticket_type=registration.ticket_type,
        first_name="Paul",
        last_name="Roux",
        email="paul@example.org",
    )
    page.context.set_offline(True)
    page.focus("#token")
    page.keyboard.type(other.token)
    page.keyboard.press("Enter")
    page.wait_for_selector(".result-queued")
    assert page.text_content("#queue-count") == "1"
    assert not Scan.objects.filter(registration=other).exists()
    queued = page.evaluate(f"localStorage.getItem('guild-checkin-queue-{checkin_list.pk}')")
    page.context.set_offline(False)
    expect(page.locator("#queue-count")).to_have_text("0")
    expect(page.locator("#count-checked")).to_have_text("2")
    assert Scan.objects.filter(registration=other).count() == 1
    # the same queued scan synced again (a second device, a retry) still counts once
    page.evaluate(
        f"localStorage.setItem('guild-checkin-queue-{checkin_list.pk}', {json.dumps(queued)})"
    )
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#queue-count")).to_have_text("0")
    assert Scan.objects.filter(registration=other).count() == 1
    assert page.is_hidden("#conflicts-section")
    # the browser's own /favicon.ico request 404s (no favicon in the foundation yet)
    assert not [e for e in page.js_errors if "status of 404" not in e]


def test_new_edition_from_the_last_one(page, live_server, show, staff_user):
    login(page, live_server, staff_user)
    page.goto(f"/manage/events/{show.pk}/")
    page.get_by_role("button", name="Nouvelle édition à partir de celle-ci").click()
    page.wait_for_selector("h1:has-text('Salon du numérique 2027')")
    edition = Event.objects.get(edition_year=2027)
    assert edition.starts_at.year == show.starts_at.year + 1
    assert edition.ticket_types.get().name == "Visiteur professionnel"


def test_member_invitation_code_is_attributed(
    page, live_server, show, staff_user, make_user, axe_csp
):
    from guild.members.models import Membership, MembershipCategory, Organisation, Person, Seat

    member = make_user()
    org = Organisation.objects.create(legal_name="Octet SARL")
    person = Person.objects.create(
        first_name="Max", last_name="Membre", user=member, email=member.email
    )
    category = MembershipCategory.objects.create(
        code="entreprise", name="Entreprise", holder="organisation"
    )
    membership = Membership.objects.create(category=category, organisation=org, status="active")
    Seat.objects.create(membership=membership, person=person)
    login(page, live_server, staff_user)
    page.goto(f"/manage/events/{show.pk}/referrals/")
    page.select_option("select[name=inv-ticket_type]", label="Visiteur professionnel")
    page.get_by_role("button", name="Créer les codes").click()
    page.wait_for_selector("#leaderboard >> text=Octet SARL")
    code = Voucher.objects.get(organisation=org).code
    # the member finds their personal link in their space
    page.context.clear_cookies()
    login(page, live_server, member)
    page.goto("/events/mine/")
    link = (
        page.get_by_role("link", name=f"?code={code}").first.get_attribute("href")
        if False
        else page.locator(f"a[href*='code={code}']").first.get_attribute("href")
    )
    page.context.clear_cookies()
    # a visitor from the member's network registers through it
    page.goto(link.replace(settings.SITE_URL.rstrip("/"), ""))
    register_in_browser(
        page, show, first="Nina", last="Invitée", email="nina@example.org", code=code
    )
    login(page, live_server, staff_user)
    page.goto(f"/manage/events/{show.pk}/referrals/")
    row = page.locator("#leaderboard tbody tr").first
    assert "Octet SARL" in row.text_content()
    assert "1" in row.locator("td").nth(3).text_content()
    axe_csp(page)
