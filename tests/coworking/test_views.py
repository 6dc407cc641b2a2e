import pytest
from django.urls import reverse

from guild.coworking import services
from guild.coworking.models import Booking, Plan, Subscription
from tests.coworking.helpers import at, make_member, make_room

pytestmark = pytest.mark.django_db


def test_index_and_resource_calendar_public(client, room):
    Plan.objects.create(
        space=room.space, kind="day_pass", name="Pass journée", price=20, room_hours_per_month=2
    )
    assert "Salle Vienne" in client.get(reverse("coworking:index")).content.decode()
    page = client.get(reverse("coworking:resource", args=[room.pk]))
    assert page.status_code == 200
    assert "Connectez-vous" in page.content.decode()
    assert (
        client.get(
            reverse("coworking:resource", args=[room.pk]), {"view": "day", "date": "bad"}
        ).status_code
        == 200
    )
    post = client.post(reverse("coworking:resource", args=[room.pk]), {})
    assert post.status_code == 302


def test_book_through_form_then_refused_for_second_member(
    client_for, client, room, member, other_member
):
    url = reverse("coworking:resource", args=[room.pk])
    data = {
        "day": at(1, 10).date().isoformat(),
        "start_time": "10:00",
        "end_time": "11:00",
        "repeat_weeks": 1,
    }
    response = client_for(member).post(url, data)
    assert response.status_code == 302
    client.force_login(other_member)
    response = client.post(url, data)
    assert response.status_code == 400
    assert "déjà réservé" in response.content.decode()
    bad = client.post(url, {**data, "end_time": "09:00"})
    assert "après le début" in bad.content.decode()
    assert Booking.objects.count() == 1


def test_my_bookings_cancel_ical_and_presence(client_for, room, member, other_member):
    [booking] = services.booking_create(actor=member, resource=room, start=at(2, 10), end=at(2, 11))
    client = client_for(member)
    page = client.get(reverse("coworking:my_bookings"))
    assert "Salle Vienne" in page.content.decode()
    token = member.coworking_settings.ical_token
    feed = client.get(reverse("coworking:ical", args=[token]))
    assert feed["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in feed.content
    assert b"Salle Vienne" in feed.content
    client.post(reverse("coworking:my_bookings"), {"show_presence": "on"})
    member.coworking_settings.refresh_from_db()
    assert member.coworking_settings.show_presence
    client.force_login(other_member)
    assert client.post(reverse("coworking:booking_cancel", args=[booking.pk])).status_code == 403
    client.force_login(member)
    client.post(reverse("coworking:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    response = client.post(reverse("coworking:booking_cancel", args=[booking.pk]), follow=True)
    assert "plus active" in response.content.decode()


def test_door_check_in_and_who_is_here(client, client_for, room, member, make_user):
    from django.utils import timezone

    [booking] = services.booking_create(actor=member, resource=room, start=at(1, 10), end=at(1, 11))
    now = timezone.now()
    Booking.objects.filter(pk=booking.pk).update(
        start=now,
        end=now + timezone.timedelta(hours=1),
        blocked_until=now + timezone.timedelta(hours=1),
    )
    url = reverse("coworking:door", args=[room.space.door_token])
    assert client.get(url).status_code == 302
    client = client_for(member)
    assert "Signaler mon arrivée" in client.get(url).content.decode()
    client.post(url, {"booking": booking.pk})
    booking.refresh_from_db()
    assert booking.status == "checked_in"
    again = client.post(url, {"booking": booking.pk}, follow=True)
    assert "ne peut pas" in again.content.decode()
    services.presence_set(actor=member, visible=True)
    other = make_member()
    client.force_login(other)
    assert member.display_name in client.get(reverse("coworking:today")).content.decode()
    client.force_login(make_user())
    assert client.get(reverse("coworking:today")).status_code == 403


def test_plan_subscription_awaiting_payment_then_activated(client_for, room, member, make_user):
    plan = Plan.objects.create(
        space=room.space,
        kind="monthly_hot_desk",
        name="Nomade",
        price=150,
        members_only=True,
        validity_days=30,
    )
    outsider = make_user()
    client = client_for(outsider)
    response = client.post(reverse("coworking:plan_subscribe", args=[plan.pk]), follow=True)
    assert "réservée aux adhérents" in response.content.decode()
    client.force_login(member)
    client.post(reverse("coworking:plan_subscribe", args=[plan.pk]))
    again = client.post(reverse("coworking:plan_subscribe", args=[plan.pk]), follow=True)
    assert "attend le paiement" in again.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.status == "awaiting_payment"
    assert client.get(reverse("coworking:manage")).status_code == 403
    manager = make_user("space_manager")
    client.force_login(manager)
    page = client.get(reverse("coworking:manage"))
    assert "Nomade" in page.content.decode()
    assert "data:image/svg" in page.content.decode()
    client.post(reverse("coworking:manage"), {"subscription": subscription.pk})
    subscription.refresh_from_db()
    assert subscription.status == "active"
    assert subscription.ends_on
    response = client.post(
        reverse("coworking:manage"), {"subscription": subscription.pk}, follow=True
    )
    assert "en attente de paiement" in response.content.decode()
    plan.active = False
    plan.save()
    with pytest.raises(services.BookingError):
        services.subscription_request(actor=member, plan=plan)


def test_calendar_query_count_does_not_grow(client, django_assert_max_num_queries, space):
    room = make_room(space)
    users = [make_member() for _ in range(3)]
    for i, user in enumerate(users):
        services.booking_create(actor=user, resource=room, start=at(1, 8 + i), end=at(1, 9 + i))
    url = reverse("coworking:resource", args=[room.pk])
    with django_assert_max_num_queries(20) as small:
        client.get(url, {"date": at(1, 8).date().isoformat()})
    for i in range(8):
        services.booking_create(
            actor=users[i % 3],
            resource=room,
            start=at(2 + i // 3, 8 + i),
            end=at(2 + i // 3, 9 + i),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url, {"date": at(1, 8).date().isoformat()})


def test_api_resources_availability_and_own_bookings(
    client_for, client, room, member, other_member, django_assert_max_num_queries
):
    assert client_for(member).get("/api/v1/coworking/resources/").status_code == 200
    day = at(1, 10).date().isoformat()
    api = client_for(member)
    created = api.post(
        "/api/v1/coworking/bookings/",
        {"resource": room.pk, "start": at(1, 10).isoformat(), "end": at(1, 11).isoformat()},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    refused = client_for(other_member).post(
        "/api/v1/coworking/bookings/",
        {"resource": room.pk, "start": at(1, 10).isoformat(), "end": at(1, 11).isoformat()},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "déjà réservé" in refused.content.decode()
    avail = api.get(f"/api/v1/coworking/resources/{room.pk}/availability/", {"date": day})
    assert len(avail.json()["busy"]) == 1
    assert (
        api.get(f"/api/v1/coworking/resources/{room.pk}/availability/", {"date": "x"}).status_code
        == 400
    )
    mine = client_for(other_member).get("/api/v1/coworking/bookings/").json()
    assert mine["results"] == [] if isinstance(mine, dict) else mine == []
    with django_assert_max_num_queries(30) as few:
        client_for(member).get("/api/v1/coworking/bookings/")
    for hour in (12, 14, 16):
        services.booking_create(actor=member, resource=room, start=at(3, hour), end=at(3, hour + 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client_for(member).get("/api/v1/coworking/bookings/")


def test_privacy_export_and_erase(member, room):
    from guild.coworking import privacy

    services.booking_create(
        actor=member, resource=room, start=at(1, 10), end=at(1, 11), note="code 1234"
    )
    services.presence_set(actor=member, visible=True)
    data = privacy.export(member)
    assert data["bookings"]
    assert data["show_presence"] is True
    privacy.erase(member)
    assert Booking.objects.get().note == ""


def test_periodic_tasks(member, room):
    from guild.coworking import tasks

    assert tasks.release_no_shows() == 0
    assert tasks.send_reminders() >= 0
