from datetime import timedelta

import pytest
from django.utils import timezone

from guild.core.models import AuditEntry
from guild.governance.models import Application, Assembly, EntryismAlert
from guild.governance.services import admission_start, sponsorship_request
from guild.governance.services.alerts import network_block
from tests.governance.factories import GroupFactory, OrganisationFactory, apply, make_membership

pytestmark = pytest.mark.django_db


def _wave(n, **kwargs):
    return [
        admission_start(actor=None, membership=apply(**kwargs(i) if callable(kwargs) else kwargs))
        for i in range(n)
    ]


def test_network_block():
    assert network_block("192.168.12.77") == "192.168.12.0/24"
    assert network_block("2001:db8:abcd:12::1") == "2001:db8:abcd::/48"
    assert network_block("not an ip") == ""


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("network", lambda i: {"data": {"ip": f"203.0.113.{i + 10}"}}),
        ("iban", lambda i: {"data": {"iban": "FR76 3000 6000 0112 3456 7890 189"}}),
        ("email_domain", lambda i: {"data": {"email": f"p{i}@entrisme.fr"}}),
        ("address", lambda i: {"data": {"address": "3, Rue du Lac", "postal_code": "87000"}}),
        ("phone", lambda i: {"data": {"phone": "+33 6 12 34 56 78" if i else "06 12 34 56 78"}}),
    ],
)
def test_waves_are_detected_and_flag_the_whole_wave(policy, kind, make):
    apps = (
        _wave(3)
        if False
        else [admission_start(actor=None, membership=apply(**make(i))) for i in range(3)]
    )
    for application in apps:
        application.refresh_from_db()
        assert application.flagged, kind
        alert = application.alerts.get(kind=kind)
        assert alert.count == 3
    assert AuditEntry.objects.filter(action="governance.alert_raised").count() == 3


def test_company_group_wave(policy):
    group = GroupFactory()
    apps = [
        admission_start(actor=None, membership=apply(organisation=OrganisationFactory(group=group)))
        for _ in range(3)
    ]
    assert all(a.alerts.filter(kind="group").exists() for a in apps)


def test_two_applications_or_webmail_raise_nothing(policy):
    apps = [
        admission_start(
            actor=None, membership=apply(data={"email": f"x{i}@gmail.com", "ip": "198.51.100.4"})
        )
        for i in range(2)
    ]
    apps.append(admission_start(actor=None, membership=apply(data={"email": "y@gmail.com"})))
    assert not EntryismAlert.objects.exists()
    assert not Application.objects.filter(flagged=True).exists()


def test_old_applications_do_not_make_a_wave(policy):
    old = admission_start(actor=None, membership=apply(data={"ip": "203.0.113.1"}))
    Application.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    for _ in range(2):
        admission_start(actor=None, membership=apply(data={"ip": "203.0.113.2"}))
    assert not EntryismAlert.objects.exists()


def test_sponsor_wave_and_concentration(policy):
    sponsor = make_membership(months=40)
    for _ in range(3):
        admission_start(actor=None, membership=apply())
    apps = [
        admission_start(actor=None, membership=apply(data={"sponsors": [sponsor.pk]}))
        for _ in range(3)
    ]
    apps[-1].refresh_from_db()
    kinds = set(apps[-1].alerts.values_list("kind", flat=True))
    assert {"sponsor", "sponsor_concentration"} <= kinds


def test_surge_before_an_assembly(policy):
    now = timezone.now()
    Assembly.objects.create(
        title="AG",
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=20, hours=2),
        location="Limoges",
    )
    apps = [admission_start(actor=None, membership=apply()) for _ in range(5)]
    assert apps[-1].alerts.filter(kind="surge").exists()
    assert not apps[0].alerts.filter(kind="surge").exists()


def test_alerts_are_recomputed_when_a_sponsor_is_named(policy):
    sponsor = make_membership(months=40)
    apps = [admission_start(actor=None, membership=apply()) for _ in range(3)]
    for application in apps[:2]:
        sponsorship_request(actor=None, application=application, sponsor=sponsor)
    assert not EntryismAlert.objects.exists()
    sponsorship_request(actor=None, application=apps[2], sponsor=sponsor)
    assert EntryismAlert.objects.filter(kind="sponsor").count() == 3
