import io

import pytest

from guild.core.demo import DemoContext
from guild.coworking import demo as coworking_demo
from guild.coworking.models import Booking, Space
from guild.sourcing import demo as sourcing_demo
from guild.sourcing.models import Need, Profile

pytestmark = pytest.mark.django_db


def test_demo_seeds_are_idempotent(make_user):
    ctx = DemoContext(stdout=io.StringIO(), password="x")
    ctx.shared["users"] = {
        "staff": make_user("staff"),
        "space_manager": make_user("space_manager"),
        "member": make_user(),
    }
    for _ in range(2):
        coworking_demo.seed(ctx)
        sourcing_demo.seed(ctx)
    assert Space.objects.count() == 1
    assert Booking.objects.count() == 3
    assert Profile.objects.count() == 20
    assert Need.objects.filter(status="published").count() == 1
    empty = DemoContext(stdout=io.StringIO(), password="x")
    Profile.objects.all().delete()
    sourcing_demo.seed(empty)
    assert not Profile.objects.exists()
