"""A key read from a form or an address that cannot be a key finds nothing: 404 or None,
never an error 500 (``pk="abc"`` used to raise ValueError in the ORM)."""

import pytest
from django.http import Http404

from guild.accounts.models import User
from guild.core.shortcuts import first_posted, get_posted_or_404, key_or_none
from tests.coworking.helpers import make_member, make_space

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [None, "", "abc", "12abc", "1\x00", "1.5", ["1"]])
def test_values_that_cannot_be_a_key(value):
    assert key_or_none(User, value) is None
    assert first_posted(User, value) is None
    with pytest.raises(Http404):
        get_posted_or_404(User, value)


def test_a_real_key_finds_its_object_with_the_filters(user):
    assert get_posted_or_404(User, str(user.pk)) == user
    assert first_posted(User.objects.all(), str(user.pk), email=user.email) == user
    assert first_posted(User, str(user.pk), email="someone-else@example.org") is None
    with pytest.raises(Http404):
        get_posted_or_404(User, str(user.pk), email="someone-else@example.org")


def test_a_forged_booking_number_at_the_coworking_door_is_a_404(client):
    space = make_space()
    client.force_login(make_member(first_name="Camille", last_name="Durand"))
    response = client.post(f"/coworking/door/{space.door_token}/", {"booking": "abc"})
    assert response.status_code == 404
