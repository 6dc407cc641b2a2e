import pytest

from guild.coworking.models import Booking
from tests.coworking.helpers import at, make_member, make_room, make_space
from tests.factories import DEFAULT_PASSWORD


def login(page, user):
    page.goto("/auth/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def book(page, room, day):
    page.goto(f"/coworking/resources/{room.pk}/?date={day}")
    page.fill("#id_day", day)
    page.fill("#id_start_time", "10:00")
    page.fill("#id_end_time", "11:00")
    page.get_by_role("button", name="Réserver").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_member_books_room_and_second_member_is_refused(page, axe, transactional_db):
    room = make_room(make_space())
    first, second = make_member(), make_member()
    day = at(1, 10).date().isoformat()
    login(page, first)
    book(page, room, day)
    assert "Mes réservations" in page.content()
    assert "Salle Vienne" in page.content()
    axe(page)
    page.context.clear_cookies()
    login(page, second)
    book(page, room, day)
    assert "Ce créneau est déjà réservé" in page.content()
    axe(page)
    assert Booking.objects.filter(resource=room).count() == 1
