import pytest

from guild.coworking import services as cw
from guild.sourcing import services
from guild.sourcing.models import Skill
from guild.sourcing.search import normalise, tokens
from guild.sourcing.selectors import Filters, directory_search, facet_choices
from tests.coworking.helpers import at, make_room, make_space

pytestmark = pytest.mark.django_db


def names(qs):
    return sorted(p.name for p in qs)


def test_seeded_taxonomy_is_french_and_hierarchical():
    root = Skill.objects.get(slug="cybersecurite")
    assert root.children.filter(name="RGPD").exists()
    assert Skill.objects.filter(parent=None).count() >= 12
    assert "k8s" in Skill.objects.get(slug="kubernetes").synonyms


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sécurité", ["Sécurité Limousine"]),
        ("securite", ["Sécurité Limousine"]),
        ("DJANGO", ["Élodie Bérénger"]),
        ("elodie", ["Élodie Bérénger"]),
        ("cybersécurité", ["Sécurité Limousine"]),
        ("base de données postgres", ["Élodie Bérénger"]),
    ],
)
def test_search_accents_synonyms_and_parents(profiles, query, expected):
    assert names(directory_search(Filters(q=query))) == expected


@pytest.mark.parametrize(
    "query", ["", "   ", "'; DROP TABLE --", "%%%", "&|!():*", "é" * 500, "\x00"]
)
def test_odd_or_empty_queries_are_handled(profiles, query):
    result = list(directory_search(Filters(q=query)))
    assert isinstance(result, list)


def test_empty_query_lists_everyone(profiles):
    assert len(directory_search(Filters())) == 3


def test_facets(profiles):
    parent = Skill.objects.get(slug="developpement-web-et-mobile")
    assert names(directory_search(Filters(skill=parent.pk))) == ["Élodie Bérénger"]
    assert names(directory_search(Filters(departement="19"))) == ["Sécurité Limousine"]
    assert names(directory_search(Filters(size="11"))) == ["Sécurité Limousine"]
    assert names(directory_search(Filters(availability="busy"))) == ["Hugo Lemaire"]
    assert names(directory_search(Filters(q="audit", departement="87"))) == []
    assert "19" in facet_choices()["departements"]


def test_present_today_facet_only_shows_opted_in(profiles, freelancer):
    room = make_room(make_space())
    [booking] = cw.booking_create(actor=freelancer, resource=room, start=at(1, 10), end=at(1, 11))
    from django.utils import timezone

    from guild.coworking.models import Booking

    Booking.objects.filter(pk=booking.pk).update(
        status="checked_in", start=timezone.now(), end=timezone.now()
    )
    assert names(directory_search(Filters(present=True))) == []
    cw.presence_set(actor=freelancer, visible=True)
    assert names(directory_search(Filters(present=True))) == ["Élodie Bérénger"]


def test_hidden_fields_are_not_searchable(freelancer):
    from tests.sourcing.conftest import build_profile

    build_profile(
        freelancer,
        name="Élodie B.",
        offer="Kubernetes secret",
        visibility={"offer": "hidden", "skills": "members"},
        skills=["django"],
    )
    assert names(directory_search(Filters(q="kubernetes"))) == []
    assert names(directory_search(Filters(q="django"))) == []
    assert names(directory_search(Filters(q="elodie"))) == ["Élodie B."]


def test_normalise():
    assert normalise("Élève, C# et .NET!") == "eleve c# et net"
    assert tokens("a bb ccc") == ["bb", "ccc"]


def test_profile_rules(freelancer, make_user):
    from tests.sourcing.conftest import build_profile

    profile = build_profile(freelancer, name="E", skills=["django"])
    intruder = make_user()
    with pytest.raises(services.SourcingError, match="ne pouvez pas"):
        services.profile_save(actor=intruder, profile=profile, data={}, skills=[])
    with pytest.raises(services.SourcingError, match="TJM"):
        services.profile_save(
            actor=freelancer,
            profile=profile,
            data={"day_rate_min": 700, "day_rate_max": 500},
            skills=[],
        )


def test_staff_edits_taxonomy_and_reindexes(profiles, staff_user, freelancer):
    django = Skill.objects.get(slug="django")
    services.skill_save(
        actor=staff_user, skill=django, name="Django", parent=django.parent, synonyms="wagtail"
    )
    assert names(directory_search(Filters(q="wagtail"))) == ["Élodie Bérénger"]
    new = services.skill_save(actor=staff_user, name="Django", parent=django.parent)
    assert new.slug == "django-2"
    with pytest.raises(services.SourcingError, match="équipe"):
        services.skill_save(actor=freelancer, name="X")
    with pytest.raises(services.SourcingError, match="nom"):
        services.skill_save(actor=staff_user, name="  ")
    with pytest.raises(services.SourcingError, match="propre parente"):
        services.skill_save(actor=staff_user, skill=new, name="Django", parent=new)
