import pytest
from django.urls import reverse

from guild.sourcing import services
from guild.sourcing.models import Introduction, Need, Profile, Skill
from tests.coworking.helpers import make_member
from tests.sourcing.conftest import build_profile, skill

pytestmark = pytest.mark.django_db


def test_directory_search_page_with_facets(client, profiles):
    response = client.get(reverse("sourcing:directory"), {"q": "sécurité"})
    body = response.content.decode()
    assert "Sécurité Limousine" in body
    assert "Élodie" not in body
    response = client.get(
        reverse("sourcing:directory"), {"q": "", "departement": "87", "skill": skill("django").pk}
    )
    assert "Élodie Bérénger" in response.content.decode()
    odd = client.get(reverse("sourcing:directory"), {"q": "<script>'\"&|!", "page": "x"})
    assert odd.status_code == 200
    assert "Aucune fiche" in odd.content.decode()


def test_directory_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    users = [make_member() for _ in range(30)]
    for i, user in enumerate(users[:3]):
        build_profile(user, name=f"Profil {i}", skills=["django", "react"])
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("sourcing:directory"))
    for i, user in enumerate(users[3:]):
        build_profile(user, name=f"Profil {i + 3}", skills=["django", "react"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("sourcing:directory"))


def test_profile_visibility_and_introduction(client, client_for, profiles, make_user):
    secu = profiles["secu"]
    services.profile_save(
        actor=secu.organisation.people.first().user,
        profile=secu,
        data={"references": "Mairie de Tulle", "day_rate_min": 600},
        skills=[(skill("rgpd"), 3)],
        visibility={"references": "members", "day_rate": "hidden"},
    )
    url = reverse("sourcing:profile", args=[secu.pk])
    public = client.get(url).content.decode()
    assert "Mairie de Tulle" not in public
    assert "600" not in public
    member = make_member()
    client = client_for(member)
    seen = client.get(url).content.decode()
    assert "Mairie de Tulle" in seen
    assert "600" not in seen
    response = client.post(url, {"message": "Projet de conformité"})
    assert response.status_code == 302
    assert Introduction.objects.filter(sender=member, profile=secu).exists()
    again = client.post(url, {"message": "Relance"})
    assert again.status_code == 400
    assert "attend déjà" in again.content.decode()
    assert client.get(reverse("sourcing:profile", args=[99999])).status_code == 404
    client.logout()
    assert client.post(url, {"message": "x"}).status_code == 403


def test_my_profile_create_and_edit(client_for, freelancer, make_user):
    client = client_for(freelancer)
    page = client.get(reverse("sourcing:my_profile"))
    assert page.status_code == 200
    data = {
        "name": "Élodie B.",
        "offer": "Django",
        "availability": "available",
        "skills": [skill("django").pk],
        "level": 3,
        "published": "on",
        **{
            f"vis_{f}": "public"
            for f in (
                "offer",
                "skills",
                "references",
                "certifications",
                "languages",
                "departements_served",
                "availability",
                "day_rate",
            )
        },
    }
    response = client.post(reverse("sourcing:my_profile"), data)
    assert response.status_code == 302
    profile = Profile.objects.get(person__user=freelancer)
    assert profile.skill_links.get().level == 3
    bad = client.post(
        reverse("sourcing:my_profile"), {**data, "day_rate_min": 900, "day_rate_max": 100}
    )
    assert "TJM" in bad.content.decode()
    outsider = client_for(make_user())
    assert "adhésion active" in outsider.get(reverse("sourcing:my_profile")).content.decode()


def test_need_journey_through_pages(client_for, profiles, staff_user, freelancer):
    client = client_for(staff_user)
    form = {
        "title": "Site vitrine",
        "description": "Refonte",
        "kind": "quote",
        "departement": "87",
        "on_behalf": "on",
        "company_name": "Fromagerie Vidal",
        "company_email": "vidal@example.org",
    }
    refused = client.post(reverse("sourcing:need_create"), form)
    assert refused.status_code == 400
    assert "au moins une compétence" in refused.content.decode()
    missing = client.post(
        reverse("sourcing:need_create"),
        {**form, "company_email": "", "skills": [skill("django").pk]},
    )
    assert "nom et l’e-mail" in missing.content.decode()
    assert not Need.objects.exists()
    client.post(reverse("sourcing:need_create"), {**form, "skills": [skill("django").pk]})
    need = Need.objects.get()
    assert "Site vitrine" in client.get(reverse("sourcing:manage_needs")).content.decode()
    client.force_login(freelancer)
    assert client.get(reverse("sourcing:need", args=[need.pk])).status_code == 404
    assert client.get(reverse("sourcing:manage_needs")).status_code == 403
    client.force_login(staff_user)
    client.post(reverse("sourcing:manage_needs"), {"need": need.pk, "approve": "1"})
    again = client.post(
        reverse("sourcing:manage_needs"), {"need": need.pk, "approve": "1"}, follow=True
    )
    assert "déjà été modéré" in again.content.decode()
    client.force_login(freelancer)
    assert "Site vitrine" in client.get(reverse("sourcing:needs")).content.decode()
    url = reverse("sourcing:need", args=[need.pk])
    assert client.post(url, {"message": "Intéressée"}).status_code == 302
    dup = client.post(url, {"message": "Encore"})
    assert "déjà répondu" in dup.content.decode()
    client.force_login(staff_user)
    page = client.get(url).content.decode()
    assert "Intéressée" in page
    assert "Déclarations d’intérêts" in page
    response = need.responses.get()
    follow = reverse("sourcing:need_follow_up", args=[need.pk])
    client.post(follow, {"response": response.pk})
    client.post(follow, {"outcome": "won"})
    need.refresh_from_db()
    assert need.outcome == "won"
    closed = client.post(follow, {"outcome": "won"}, follow=True)
    assert "publié peut être clos" in closed.content.decode()
    client.logout()
    assert client.post(url, {"message": "x"}).status_code == 404


def test_introductions_page_accept(client_for, profiles, freelancer):
    secu = profiles["secu"]
    intro = services.introduction_request(actor=freelancer, profile=secu, message="Bonjour")
    owner = secu.organisation.people.first().user
    client = client_for(owner)
    page = client.get(reverse("sourcing:introductions")).content.decode()
    assert "Bonjour" in page
    assert freelancer.email not in page
    client.post(reverse("sourcing:introductions"), {"intro": intro.pk, "accept": "1"})
    assert freelancer.email in client.get(reverse("sourcing:introductions")).content.decode()
    again = client.post(
        reverse("sourcing:introductions"), {"intro": intro.pk, "accept": "0"}, follow=True
    )
    assert "déjà reçu" in again.content.decode()


def test_manage_skills(client_for, staff_user, freelancer):
    client = client_for(staff_user)
    assert "Cybersécurité" in client.get(reverse("sourcing:manage_skills")).content.decode()
    client.post(
        reverse("sourcing:manage_skills"),
        {
            "name": "Rust",
            "synonyms": "rustlang",
            "parent": Skill.objects.get(slug="developpement-web-et-mobile").pk,
        },
    )
    assert Skill.objects.filter(name="Rust").exists()
    client.force_login(freelancer)
    assert client.get(reverse("sourcing:manage_skills")).status_code == 403


def test_api_directory_and_needs(client_for, profiles, freelancer, staff_user):
    client = client_for(freelancer)
    data = client.get("/api/v1/directory/", {"q": "securite"}).json()
    assert [r["name"] for r in data["results"]] == ["Sécurité Limousine"]
    # A skill is given by its id: a name is refused, not silently ignored.
    assert client.get("/api/v1/directory/", {"q": "securite", "skill": "x"}).status_code == 400
    need = services.need_submit(
        actor=staff_user,
        data={"title": "T", "description": "D", "kind": "hiring"},
        skills=[skill("django")],
    )
    assert client.get("/api/v1/needs/").json()["results"] == []  # not yet moderated
    services.need_moderate(actor=staff_user, need=need, approve=True)
    needs = client.get("/api/v1/needs/").json()["results"]
    assert needs[0]["skills"] == ["Django"]


def test_privacy(freelancer, profiles):
    from guild.sourcing import privacy

    assert privacy.export(freelancer)["profile"]["name"] == "Élodie Bérénger"
    privacy.erase(freelancer)
    assert not Profile.objects.filter(person__user=freelancer).exists()
