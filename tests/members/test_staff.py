"""Staff screens: members list and detail, life-cycle acts, category configuration."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from guild.core.models import AuditEntry
from guild.members.constants import MembershipStatus as S
from guild.members.models import Membership, MembershipCategory, MembershipEvent, Person
from guild.members.services import membership_apply, membership_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, make_user):
    user = make_user("staff", first_name="Sam", last_name="Staff")
    client.force_login(user)
    return user


def _active(category, **person):
    p = Person.objects.create(**person)
    membership = membership_apply(actor=None, category=category, person=p)
    membership_transition(actor=None, membership=membership, to_status=S.ADMITTED)
    membership_transition(actor=None, membership=membership, to_status=S.ACTIVE)
    return membership


def test_members_screens_need_the_staff_role(client, make_user, person_category):
    client.force_login(make_user())
    assert client.get(reverse("members:staff_members")).status_code == 403
    assert client.get(reverse("members:staff_categories")).status_code == 403
    membership = _active(person_category, first_name="A", last_name="B", email="a@b.fr")
    assert client.get(reverse("members:staff_member", args=[membership.pk])).status_code == 403
    response = client.post(
        reverse("members:staff_member_transition", args=[membership.pk]), {"act": "resign"}
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.status == S.ACTIVE


def test_member_list_search_filters_and_constant_queries(
    client, staff, person_category, company_category, organisation, contact
):
    _active(
        person_category, first_name="Lou", last_name="Vidal", email="lou@ex.fr", departement="19"
    )
    membership_apply(
        actor=None, category=company_category, organisation=organisation, contact=contact
    )
    url = reverse("members:staff_members")
    page = client.get(url).content.decode()
    assert "Lou Vidal" in page and "Limousin Data" in page
    page = client.get(url, {"q": "vidal"}).content.decode()
    assert "Lou Vidal" in page and "Limousin Data" not in page
    page = client.get(url, {"kind": "organisation"}).content.decode()
    assert "Lou Vidal" not in page and "Limousin Data" in page
    page = client.get(url, {"status": "active", "departement": "19"}).content.decode()
    assert "Lou Vidal" in page and "Limousin Data" not in page
    page = client.get(url, {"category": "entreprise"}).content.decode()
    assert "Lou Vidal" not in page and "Limousin Data" in page
    page = client.get(url, {"departement": "9Z"}).content.decode()
    assert "Saisissez un numéro de département" in page

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(15):
        _active(person_category, first_name="P", last_name=f"N{i}", email=f"p{i}@ex.fr")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_exclude_needs_a_reason_and_is_logged(client, staff, person_category):
    membership = _active(person_category, first_name="Eve", last_name="X", email="eve@ex.fr")
    detail = reverse("members:staff_member", args=[membership.pk])
    page = client.get(detail).content.decode()
    assert "Exclure le membre" in page and "Enregistrer la démission" in page
    url = reverse("members:staff_member_transition", args=[membership.pk])
    response = client.post(url, {"act": "exclude", "reason": "  "}, follow=True)
    assert "motif" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == S.ACTIVE

    response = client.post(
        url, {"act": "exclude", "reason": "Statuts, art. 9", "on": "2020-01-15"}, follow=True
    )
    assert "ne peut pas précéder le dernier changement de statut" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == S.ACTIVE

    before = AuditEntry.objects.count()
    today = timezone.localdate().isoformat()
    response = client.post(
        url, {"act": "exclude", "reason": "Statuts, art. 9", "on": today}, follow=True
    )
    assert "L’exclusion a été enregistrée." in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == S.EXCLUDED
    assert membership.end_reason == "Statuts, art. 9"
    assert timezone.localdate(membership.ended_at).isoformat() == today
    entry = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry.action == "membership.excluded" and entry.actor == staff
    event = MembershipEvent.objects.filter(membership=membership).last()
    assert event.to_status == S.EXCLUDED and event.actor == staff

    # An excluded membership accepts no further act.
    response = client.post(url, {"act": "reinstate"}, follow=True)
    assert "pas possible" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == S.EXCLUDED


def test_future_date_refused_and_reinstate_a_lapsed_membership(client, staff, person_category):
    membership = _active(person_category, first_name="Léo", last_name="Y", email="leo@ex.fr")
    url = reverse("members:staff_member_transition", args=[membership.pk])
    client.post(url, {"act": "resign", "on": "2999-01-01"})
    membership.refresh_from_db()
    assert membership.status == S.ACTIVE
    membership_transition(actor=None, membership=membership, to_status=S.LAPSED, reason="r")
    client.post(url, {"act": "reinstate"})
    membership.refresh_from_db()
    assert membership.status == S.ACTIVE


def _category_post(**overrides):
    data = {
        "name": "Association partenaire",
        "code": "asso",
        "description": "",
        "holder": "organisation",
        "college": "",
        "voting": "on",
        "seats_fixed": "2",
        "seats_per_employees": "",
        "dues_rule": "fixed",
        "dues_amount": "80.00",
        "vat_rate": "0",
        "period": "calendar",
        "grace_days": "60",
        "admission_required": "on",
        "open_for_applications": "on",
        "position": "3",
    }
    data.update(overrides)
    return data


def test_category_create_edit_and_validation(client, staff):
    url = reverse("members:staff_category_add")
    response = client.post(url, _category_post(vat_rate="7"))
    assert "0, 5,5, 10 ou 20" in response.content.decode()
    response = client.post(url, _category_post(dues_rule="headcount"))
    assert "au moins une tranche" in response.content.decode()
    response = client.post(url, _category_post(holder="person", seats_per_employees="3"))
    assert "organisations" in response.content.decode()
    response = client.post(url, _category_post(dues_rule="free", dues_amount="0"))
    assert "minimum" in response.content.decode()
    assert not MembershipCategory.objects.filter(code="asso").exists()

    response = client.post(
        url, _category_post(dues_rule="headcount", band_01="100", band_11="400.50")
    )
    assert response.status_code == 302
    category = MembershipCategory.objects.get(code="asso")
    assert category.dues_table == {"01": "100.00", "11": "400.50"}
    assert AuditEntry.objects.filter(action="membership.category_created").exists()

    edit = reverse("members:staff_category_edit", args=[category.pk])
    assert "400.50" in client.get(edit).content.decode()
    client.post(edit, _category_post(dues_amount="95.00", grace_days="30"))
    category.refresh_from_db()
    assert category.dues_amount == Decimal("95.00") and category.grace_days == 30
    assert category.dues_table == {}
    entry = AuditEntry.objects.filter(action="membership.category_changed").get()
    assert set(entry.data) == {"dues_amount", "grace_days", "dues_rule", "dues_table", "vat_rate"}


def test_category_in_use_is_deactivated_not_deleted(client, staff, person_category, contact):
    membership_apply(actor=None, category=person_category, person=contact)
    unused = MembershipCategory.objects.create(code="vide", name="Vide", holder="person")
    response = client.post(
        reverse("members:staff_category_action", args=[person_category.pk, "delete"]),
        follow=True,
    )
    assert "désactivez-la" in response.content.decode()
    assert MembershipCategory.objects.filter(pk=person_category.pk).exists()
    client.post(reverse("members:staff_category_action", args=[person_category.pk, "deactivate"]))
    person_category.refresh_from_db()
    assert not person_category.is_active and not person_category.open_for_applications
    client.post(reverse("members:staff_category_action", args=[unused.pk, "delete"]))
    assert not MembershipCategory.objects.filter(pk=unused.pk).exists()
    assert Membership.objects.count() == 1
