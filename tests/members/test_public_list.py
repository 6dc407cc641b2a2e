"""The public member list and its richer members-only view."""

from decimal import Decimal

import pytest
from django.urls import reverse

from guild.members.constants import MembershipStatus as S
from guild.members.models import (
    Membership,
    MembershipCategory,
    MembershipEvent,
    NafCode,
    Organisation,
    Person,
    Seat,
)

pytestmark = pytest.mark.django_db

URL = "/members/"


@pytest.fixture
def category(db):
    return MembershipCategory.objects.create(
        code="entreprise", name="Entreprise", holder="organisation", dues_amount=Decimal("100")
    )


_counter = {"n": 0}


def member(category, name, *, listed=True, status=S.ACTIVE, naf="62.01Z", dep="87", **org_kw):
    _counter["n"] += 1
    n = _counter["n"]
    org = Organisation.objects.create(
        legal_name=name,
        naf=NafCode.objects.filter(code=naf).first(),
        city="Limoges" if dep == "87" else "Poitiers",
        departement=dep,
        directory_listed=listed,
        website=f"https://{n}.exemple.fr",
        description=f"Présentation {name}",
        email=f"contact{n}@exemple.fr",
        phone="05 00 00 00 00",
        **org_kw,
    )
    person = Person.objects.create(
        first_name="Alice",
        last_name=f"Contact{n}",
        email=f"alice{n}@exemple.fr",
        job_title="Gérante",
        organisation=org,
    )
    membership = Membership.objects.create(
        category=category, organisation=org, status=status, contact=person
    )
    Seat.objects.create(membership=membership, person=person, role="manager")
    MembershipEvent.objects.create(membership=membership, to_status=status)
    return org


def test_public_sees_only_listed_active_members_without_personal_data(client, category):
    member(category, "Alpha Web")
    member(category, "Beta Hidden", listed=False)
    member(category, "Gamma Applied", status=S.APPLIED)
    member(category, "Delta Lapsed", status=S.LAPSED)
    page = client.get(URL).content.decode()
    assert "Alpha Web" in page
    for name in ("Beta Hidden", "Gamma Applied", "Delta Lapsed"):
        assert name not in page
    assert "Programmation informatique" in page  # NAF label
    assert "Limoges" in page and "(87)" in page
    assert "Alice" not in page and "Contact" not in page.split("<main", 1)[1].split("Contact :")[0]
    assert "alice" not in page and "05 00 00 00 00" not in page
    assert "contact1@" not in page  # e-mail: members only by default
    assert "Présentation Alpha Web" in page  # description public by default
    assert "1 adhérent" in page


def test_visibility_choices_are_respected(client, make_user, category):
    org = member(category, "Alpha Web")
    org.directory_visibility = {
        "website": "members",
        "description": "hidden",
        "email": "public",
        "phone": "public",
        "contact": "public",  # never public, whatever is stored
    }
    org.save()
    page = client.get(URL).content.decode()
    assert org.website not in page and "Présentation" not in page
    assert org.email in page and "05 00 00 00 00" in page
    assert "Gérante" not in page
    viewer_user = make_user(email="viewer@exemple.fr")
    viewer_org = member(category, "Viewer SARL", listed=False)
    viewer = viewer_org.people.get()
    viewer.user = viewer_user
    viewer.save()
    client.force_login(viewer_user)
    page = client.get(URL).content.decode()
    assert "Vous êtes adhérent" in page
    assert org.website in page and "Présentation Alpha" not in page
    assert "Gérante" in page and "Alice Contact" in page


def test_members_only_view_needs_an_active_membership(client, make_user, category):
    org = member(category, "Alpha Web")
    lapsed = member(category, "Old SARL", status=S.LAPSED, listed=False)
    user = make_user(email="old@exemple.fr")
    person = lapsed.people.get()
    person.user = user
    person.save()
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert "Vous êtes adhérent" not in page
    assert "Gérante" not in page
    assert "Alpha Web" in page
    staff = make_user("staff")
    client.force_login(staff)
    assert "Gérante" in client.get(URL).content.decode()
    assert org.pk


def test_filters_and_pagination(client, category):
    for i in range(26):
        member(category, f"Org {i:02d}", dep="87" if i % 2 else "86")
    member(category, "Conseil SAS", naf="62.02A", dep="86")
    page = client.get(URL).content.decode()
    assert "27 adhérents" in page
    assert "Page 1 sur 2" in page or "Page 1 of 2" in page or "1 / 2" in page or "page=2" in page
    page = client.get(URL, {"departement": "87"}).content.decode()
    assert "13 adhérents" in page and "Conseil SAS" not in page
    page = client.get(URL, {"sector": "62.02A"}).content.decode()
    assert "1 adhérent" in page and "Conseil SAS" in page
    page = client.get(URL, {"sector": "62.02A", "departement": "87"}).content.decode()
    assert "Aucun adhérent" in page
    # Page 2 keeps the filter.
    page = client.get(URL, {"departement": "86", "page": "2"}).content.decode()
    assert "14 adhérents" in page
    # An unknown filter value is ignored with the form error, nothing breaks.
    response = client.get(URL, {"sector": "<script>", "departement": "99"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1].split("</main>")[0]


def test_list_query_count(client, make_user, category, django_assert_max_num_queries):
    for i in range(3):
        member(category, f"Small {i}")
    with django_assert_max_num_queries(20) as small:
        client.get(URL)
    for i in range(20):
        member(category, f"Big {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL)


def test_logo_served_only_for_listed_members(client, category, tmp_path, settings):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    listed = member(category, "Alpha Web")
    hidden = member(category, "Beta Hidden", listed=False)
    for org in (listed, hidden):
        org.logo.save("logo.png", ContentFile(b"\x89PNG fake"), save=True)
    assert client.get(reverse("members:logo", args=[listed.pk])).status_code == 200
    assert client.get(reverse("members:logo", args=[hidden.pk])).status_code == 404
    assert f"/members/{listed.pk}/logo/" in client.get(URL).content.decode()


def test_navigation_links_to_list(client, category):
    page = client.get("/").content.decode()
    assert 'href="/members/"' in page
