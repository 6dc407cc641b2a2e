import io

import pytest

from guild.core.demo import DemoContext
from guild.members import demo
from guild.members.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(django_capture_on_commit_callbacks):
    ctx = DemoContext(stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(ctx)
    assert Membership.objects.count() == 60
    assert Membership.objects.filter(status="active").count() > 30
    assert Organisation.objects.exclude(departement="").count() == 40
    demo.seed(ctx)
    assert Membership.objects.count() == 60


def test_billing_demo_is_idempotent():
    from guild.billing import demo as billing_demo
    from guild.billing.models import OtherIncome

    ctx = DemoContext(stdout=io.StringIO())
    billing_demo.seed(ctx)
    billing_demo.seed(ctx)
    assert OtherIncome.objects.count() == 2
