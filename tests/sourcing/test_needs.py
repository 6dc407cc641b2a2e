from datetime import timedelta

import pytest
from django.utils import timezone

from guild.core.models import OutgoingEmail
from guild.sourcing import interests, services
from guild.sourcing.models import Introduction, Need, NeedNotification
from guild.sourcing.services import SourcingError
from tests.coworking.helpers import make_member
from tests.sourcing.conftest import skill

pytestmark = pytest.mark.django_db

DATA = {
    "title": "Refonte du site de la mairie",
    "description": "Site accessible RGAA",
    "kind": "tender",
    "departement": "87",
    "place": "Limoges",
}


def submit(actor, **kw):
    return services.need_submit(
        actor=actor,
        data={**DATA, **kw.pop("data", {})},
        skills=kw.pop("skills", [skill("django")]),
        **kw,
    )


def test_need_without_skill_refused(freelancer):
    with pytest.raises(SourcingError, match="au moins une compétence"):
        submit(freelancer, skills=[])
    assert not Need.objects.exists()


def test_non_member_cannot_post_and_only_staff_on_behalf(make_user, freelancer):
    with pytest.raises(SourcingError, match="Seuls les adhérents"):
        submit(make_user())
    with pytest.raises(SourcingError, match="pour le compte"):
        submit(freelancer, on_behalf=True)
    with pytest.raises(SourcingError, match="budget minimal"):
        submit(freelancer, data={"budget_min": 10, "budget_max": 5})
    assert not Need.objects.exists()


def test_moderation_publication_matching_answer_pick_and_outcome(profiles, staff_user, freelancer):
    need = submit(
        staff_user,
        on_behalf=True,
        data={"company_name": "Boulangerie Dupuy", "company_email": "dupuy@example.org"},
    )
    assert need.status == Need.Status.PENDING
    with pytest.raises(SourcingError, match="Seule l’équipe"):
        services.need_moderate(actor=freelancer, need=need, approve=True)
    with pytest.raises(SourcingError, match="pas ouvert"):
        services.need_respond(actor=freelancer, need=need, message="Bonjour")
    services.need_moderate(actor=staff_user, need=need, approve=True)
    need.refresh_from_db()
    assert need.status == Need.Status.PUBLISHED
    notified = set(
        NeedNotification.objects.filter(need=need).values_list("profile__name", flat=True)
    )
    assert notified == {"Élodie Bérénger"}
    assert OutgoingEmail.objects.filter(
        to="elodie@example.org", subject__contains="correspond"
    ).exists()
    with pytest.raises(SourcingError, match="déjà été modéré"):
        services.need_moderate(actor=staff_user, need=need, approve=True)
    with pytest.raises(SourcingError, match="court message"):
        services.need_respond(actor=freelancer, need=need, message="  ")
    response = services.need_respond(actor=freelancer, need=need, message="Disponible !")
    assert OutgoingEmail.objects.filter(to="dupuy@example.org").exists()
    with pytest.raises(SourcingError, match="déjà répondu"):
        services.need_respond(actor=freelancer, need=need, message="Encore")
    with pytest.raises(SourcingError, match="auteur"):
        services.need_pick(actor=freelancer, need=need, response=response)
    services.need_pick(actor=staff_user, need=need, response=response)
    response.refresh_from_db()
    assert response.picked
    with pytest.raises(SourcingError, match="Choisissez"):
        services.need_close(actor=staff_user, need=need, outcome="")
    services.need_close(actor=staff_user, need=need, outcome="won")
    need.refresh_from_db()
    assert (need.status, need.outcome) == ("closed", "won")
    with pytest.raises(SourcingError, match="publié"):
        services.need_close(actor=staff_user, need=need, outcome="won")


def test_remote_need_matches_everywhere_and_rejection(profiles, staff_user, freelancer):
    need = submit(freelancer, skills=[skill("cybersecurite")], data={"remote": True})
    assert need.company_name
    matched = {p.name for p in services.need_matches(need)}
    assert matched == {"Sécurité Limousine"}
    services.need_moderate(actor=staff_user, need=need, approve=False, note="Doublon")
    need.refresh_from_db()
    assert need.status == Need.Status.REJECTED


def test_answer_requires_profile_and_deadline(profiles, staff_user, make_user):
    need = submit(staff_user, data={"deadline": timezone.localdate() - timedelta(days=1)})
    need = services.need_moderate(actor=staff_user, need=need, approve=True)
    member_without_profile = make_member()
    with pytest.raises(SourcingError, match="fiche annuaire"):
        services.need_respond(actor=member_without_profile, need=need, message="Hi")
    from guild.sourcing.models import Profile

    owner = Profile.objects.get(name="Élodie Bérénger").person.user
    with pytest.raises(SourcingError, match="date limite"):
        services.need_respond(actor=owner, need=need, message="Hi")


def test_interest_provider_hook(profiles, staff_user):
    need = submit(staff_user)
    assert interests.declared_interests(need) == []

    def provider(n):
        return [f"Un administrateur est associé de {n.company_name}"]

    interests.register_interest_provider(provider)
    try:
        assert interests.declared_interests(need)[0].startswith("Un administrateur")
    finally:
        interests._providers.remove(provider)


def test_introductions_rate_limited_and_contact_hidden_until_accepted(
    profiles, freelancer, make_user
):
    secu = profiles["secu"]
    with pytest.raises(SourcingError, match="réservées aux adhérents"):
        services.introduction_request(actor=make_user(), profile=secu, message="Bonjour")
    with pytest.raises(SourcingError, match="propre fiche"):
        services.introduction_request(actor=freelancer, profile=profiles["elodie"], message="Moi")
    with pytest.raises(SourcingError, match="quelques mots"):
        services.introduction_request(actor=freelancer, profile=secu, message=" ")
    intro = services.introduction_request(actor=freelancer, profile=secu, message="Projet RGPD")
    mail = OutgoingEmail.objects.filter(subject__contains="entrer en contact").get()
    assert freelancer.email not in mail.body_text if hasattr(mail, "body_text") else True
    with pytest.raises(SourcingError, match="attend déjà"):
        services.introduction_request(actor=freelancer, profile=secu, message="Relance")
    for name in ("hugo",):
        services.introduction_request(actor=freelancer, profile=profiles[name], message="Salut")
    now = timezone.now()
    for _ in range(3):
        Introduction.objects.create(
            sender=freelancer,
            profile=profiles["hugo"],
            message="x",
            status="declined",
            created_at=now,
        )
    with pytest.raises(SourcingError, match="Réessayez demain"):
        services.introduction_request(actor=freelancer, profile=profiles["hugo"], message="Encore")
    assert Introduction.objects.filter(sender=freelancer).count() == 5
    with pytest.raises(SourcingError, match="Seul l’adhérent"):
        services.introduction_answer(actor=freelancer, intro=intro, accept=True)
    secu_user = secu.organisation.people.first().user
    services.introduction_answer(actor=secu_user, intro=intro, accept=True)
    accepted = OutgoingEmail.objects.get(to=freelancer.email, subject__contains="acceptée")
    assert accepted is not None
    with pytest.raises(SourcingError, match="déjà reçu"):
        services.introduction_answer(actor=secu_user, intro=intro, accept=False)
