import pytest

from guild.core.models import OutgoingEmail
from guild.sourcing.models import Need, NeedResponse
from tests.coworking.e2e.test_booking_journey import login
from tests.coworking.helpers import make_member, make_organisation
from tests.sourcing.conftest import build_profile, skill


@pytest.mark.django_db(transaction=True)
def test_company_need_moderated_published_matched_freelancer_answers(
    page, axe, make_user, transactional_db
):
    staff = make_user("staff")
    freelancer = make_member(first_name="Élodie", last_name="Bérénger")
    build_profile(freelancer, name="Élodie Bérénger", offer="Django", skills=["django"])
    login(page, staff)
    page.goto("/needs/new/")
    page.fill("#id_title", "Site pour la boulangerie Dupuy")
    page.fill("#id_description", "Site vitrine avec commande en ligne")
    page.select_option("#id_kind", "quote")
    page.select_option("#id_skills", str(skill("django").pk))
    page.fill("#id_departement", "87")
    page.check("#id_on_behalf")
    page.fill("#id_company_name", "Boulangerie Dupuy")
    page.fill("#id_company_email", "dupuy@example.org")
    page.get_by_role("button", name="Soumettre à la modération").click()
    page.wait_for_load_state()
    assert Need.objects.get().status == "pending"
    page.goto("/manage/needs/")
    axe(page)
    page.get_by_role("button", name="Publier").click()
    page.wait_for_load_state()
    need = Need.objects.get()
    assert need.status == "published"
    assert OutgoingEmail.objects.filter(
        to=freelancer.email, subject__contains="correspond"
    ).exists()
    page.context.clear_cookies()
    login(page, freelancer)
    page.goto(f"/needs/{need.pk}/")
    axe(page)
    page.fill("#id_message", "Bonjour, je suis disponible en mars.")
    page.get_by_role("button", name="Je suis intéressé").click()
    page.wait_for_load_state()
    assert "Votre réponse a été transmise" in page.content()
    assert NeedResponse.objects.get().message.startswith("Bonjour")


@pytest.mark.django_db(transaction=True)
def test_directory_search_with_accents_and_facet(page, axe, transactional_db):
    secu_org = make_organisation("Sécurité Limousine SAS", departement="19")
    secu_user = make_member(organisation=secu_org, independent=False, departement="19")
    build_profile(
        secu_user,
        name="Sécurité Limousine",
        offer="Audits de sécurité",
        skills=["rgpd"],
        departement="19",
        organisation=secu_org,
    )
    other_org = make_organisation("Sécu 87", departement="87")
    other_user = make_member(organisation=other_org, independent=False)
    build_profile(
        other_user,
        name="Sécu Haute-Vienne",
        offer="Sécurité des réseaux",
        skills=["securite-des-reseaux"],
        organisation=other_org,
    )
    dev = make_member()
    build_profile(dev, name="Web Porcelaine", offer="Développement web", skills=["django"])
    page.goto("/directory/")
    page.fill("#id_q", "sécurité")
    page.select_option("#id_departement", "19")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    results = page.locator("main h3").all_inner_texts()
    assert results == ["Sécurité Limousine"]
    axe(page)
