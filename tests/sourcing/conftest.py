import pytest

from guild.sourcing import services
from guild.sourcing.models import Profile, Skill
from tests.coworking.conftest import axe  # noqa: F401
from tests.coworking.helpers import make_member, make_organisation


def skill(slug):
    if not Skill.objects.exists():  # flushed by a transactional test
        from guild.sourcing.skills_seed import seed

        seed(Skill)
    return Skill.objects.get(slug=slug)


@pytest.fixture
def freelancer(db):
    return make_member(first_name="Élodie", last_name="Bérénger", email="elodie@example.org")


def build_profile(
    user,
    *,
    name,
    offer="",
    skills=(),
    departement="87",
    visibility=None,
    availability="available",
    organisation=None,
    naf=None,
):
    person = user.person
    if organisation is not None:
        profile = Profile(kind=Profile.Kind.ORGANISATION, organisation=organisation)
    else:
        profile = Profile(kind=Profile.Kind.FREELANCER, person=person)
    return services.profile_save(
        actor=user,
        profile=profile,
        data={
            "name": name,
            "offer": offer,
            "availability": availability,
            "departements_served": departement,
            "published": True,
        },
        skills=[(skill(s), 3) for s in skills],
        visibility=visibility or {},
    )


@pytest.fixture
def profiles(db, freelancer):
    other = make_member(first_name="Hugo", last_name="Lemaire")
    org_user_org = make_organisation(
        "Sécurité Limousine SAS", departement="19", headcount_band="11"
    )
    org_user = make_member(
        first_name="Inès",
        last_name="Roux",
        organisation=org_user_org,
        independent=False,
        departement="19",
    )
    return {
        "elodie": build_profile(
            freelancer,
            name="Élodie Bérénger",
            offer="Développement d'applications web sur mesure en Django",
            skills=["django", "postgresql"],
        ),
        "hugo": build_profile(
            other,
            name="Hugo Lemaire",
            offer="Maquettes et ergonomie",
            skills=["design-dinterface"],
            availability="busy",
        ),
        "secu": build_profile(
            org_user,
            name="Sécurité Limousine",
            offer="Audits de sécurité et conformité RGPD",
            skills=["tests-dintrusion", "rgpd"],
            departement="19",
            organisation=org_user_org,
        ),
    }
