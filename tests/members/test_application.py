"""The online application: live dues, SIREN check, consents, honeypot, rate limit, duplicates,
confirmation e-mail."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from guild.core.models import OutgoingEmail
from guild.members.constants import MembershipStatus as S
from guild.members.models import Membership, MembershipCategory, Organisation, Person
from guild.members.services import departement_from_postal_code, membership_apply

pytestmark = pytest.mark.django_db

URL = "/members/apply/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def free_category(db):
    return MembershipCategory.objects.create(
        code="soutien",
        name="Membre bienfaiteur",
        holder="person",
        dues_rule="free",
        dues_amount=Decimal("30.00"),
        vat_rate=Decimal("0.00"),
    )


def company(category, **kw):
    data = {
        "category": category.pk,
        "legal_name": "Creuse Numérique SARL",
        "siren": "732 829 320",
        "naf_code": "62.01Z",
        "headcount_band": "11",
        "first_name": "Claire",
        "last_name": "Dubois",
        "email": "claire@creuse-num.fr",
        "postal_code": "23000",
        "city": "Guéret",
        "consent": "on",
        "directory": "on",
        "website": "",
    }
    data.update(kw)
    return data


def test_form_shows_categories_with_prices(client, company_category, person_category):
    page = client.get(URL).content.decode()
    assert "Entreprise" in page and "Indépendant" in page
    assert "de 100,00\u00a0€ à 400,00\u00a0€ par an, selon l’effectif" in page
    assert 'hx-get="/members/apply/dues/"' in page
    assert 'hx-get="/members/apply/siren/"' in page
    assert "<script>" not in page and 'style="' not in page


def test_live_dues(client, company_category, person_category, free_category):
    dues = reverse("members:apply_dues")
    assert "Choisissez une catégorie" in client.get(dues).content.decode()
    page = client.get(dues, {"category": company_category.pk, "headcount_band": "11"})
    assert "400,00\u00a0€" in page.content.decode()
    page = client.get(dues, {"category": company_category.pk, "headcount_band": "01"})
    assert "100,00\u00a0€" in page.content.decode()
    page = client.get(dues, {"category": company_category.pk}).content.decode()
    assert "150,00\u00a0€" in page and "tranche d’effectif" in page
    page = client.get(dues, {"category": person_category.pk}).content.decode()
    assert "60,00\u00a0€" in page and "12 mois" in page
    page = client.get(dues, {"category": free_category.pk, "dues_amount": "20"}).content.decode()
    assert "montant minimum" in page
    page = client.get(dues, {"category": free_category.pk, "dues_amount": "75"}).content.decode()
    assert "75,00\u00a0€" in page
    page = client.get(dues, {"category": "x"}).content.decode()
    assert "Choisissez une catégorie" in page
    closed = MembershipCategory.objects.create(
        code="ferme", name="Fermée", holder="person", open_for_applications=False
    )
    assert "Choisissez" in client.get(dues, {"category": closed.pk}).content.decode()


def test_siren_check(client, company_category, organisation, contact):
    check = reverse("members:apply_siren")
    assert "SIREN" not in client.get(check, {"siren": "7328"}).content.decode()
    page = client.get(check, {"siren": "732 829 321"}).content.decode()
    assert "n’est pas valide" in page
    page = client.get(check, {"siren": "552 100 554"}).content.decode()
    assert "Numéro SIREN valide" in page
    # Known organisation without membership: the application will be attached to it.
    page = client.get(check, {"siren": "732829320"}).content.decode()
    assert "Limousin Data SAS" in page and "rattachée" in page
    membership_apply(
        actor=None, category=company_category, organisation=organisation, contact=contact
    )
    page = client.get(check, {"siren": "732829320"}).content.decode()
    assert "déjà adhérente" in page and "/auth/login/" in page
    assert "Claire" not in page  # no personal data


def test_company_application_records_everything(
    client, company_category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, company(company_category, newsletter="on"))
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.status == S.APPLIED
    assert membership.dues_amount == Decimal("400.00")
    org = membership.organisation
    assert org.siren == "732829320"
    assert org.naf.code == "62.01Z"
    assert org.departement == "23"
    assert org.directory_listed is True
    consents = membership.application_data["consents"]
    assert consents["processing"]["wording"].startswith("J’accepte")
    assert consents["directory"]["granted"] is True
    assert "liste publique des adhérents" in consents["directory"]["wording"]
    assert consents["newsletter"]["granted"] is True and consents["newsletter"]["at"]
    person = Person.objects.get()
    assert person.organisation == org
    assert membership.seats.get().person == person
    mail = OutgoingEmail.objects.get(template="members/email/application_received")
    assert mail.to == "claire@creuse-num.fr"
    assert mail.subject == "Votre demande d’adhésion a bien été reçue"
    assert "Creuse Numérique SARL" in mail.body_text
    assert "400,00" in mail.body_text
    assert "/auth/signup/" in mail.body_text  # no account yet: invited to create one
    # The newsletter consent is handed to outreach with its wording.
    from guild.outreach.models import Consent

    consent = Consent.objects.get(contact__email="claire@creuse-num.fr")
    assert "lettre d’information" in consent.wording


def test_directory_not_consented_by_default(client, company_category):
    client.post(URL, company(company_category, directory=""))
    membership = Membership.objects.get()
    assert membership.organisation.directory_listed is False
    assert membership.application_data["consents"]["directory"]["granted"] is False
    assert membership.application_data["consents"]["newsletter"]["granted"] is False


def test_refusals_write_nothing(client, company_category):
    for data, message in [
        (company(company_category, siren="123"), "9 chiffres"),
        (company(company_category, siren="732829321"), "n’est pas valide"),
        (company(company_category, siren=""), "SIREN est obligatoire"),
        (company(company_category, legal_name=""), "raison sociale est obligatoire"),
        (company(company_category, naf_code="99.99Q"), "Code NAF inconnu"),
        (company(company_category, website="http://spam"), "pas pu être acceptée"),
        (company(company_category, consent=""), "indispensable"),
        ({**company(company_category), "category": ""}, "Choisissez une catégorie"),
        (company(company_category, email="pas-une-adresse"), "adresse e-mail valide"),
    ]:
        response = client.post(URL, data)
        assert response.status_code == 200
        assert message in response.content.decode(), message
    assert Membership.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert Person.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_free_amount_below_minimum(client, free_category):
    data = company(free_category, legal_name="", siren="", dues_amount="10")
    response = client.post(URL, data)
    assert "montant minimum pour cette catégorie est de 30.00" in response.content.decode()
    assert Membership.objects.count() == 0
    client.post(URL, {**data, "dues_amount": "80"})
    assert Membership.objects.get().dues_amount == Decimal("80.00")


def test_rate_limit(client, person_category, settings):
    settings.MEMBERS_APPLY_RATE = (2, 3600)
    for i in range(2):
        data = company(person_category, email=f"p{i}@exemple.fr", legal_name="", siren="")
        assert client.post(URL, data).status_code == 302
    response = client.post(URL, company(person_category, email="p9@exemple.fr", siren=""))
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert Membership.objects.count() == 2
    assert not Person.objects.filter(email="p9@exemple.fr").exists()
    # Even an empty form gets the same answer (it used to end in an error 500).
    assert client.post(URL, {}).status_code == 429
    # Another address is not limited.
    other = client.post(
        URL, company(person_category, email="p8@exemple.fr", siren=""), REMOTE_ADDR="10.0.0.8"
    )
    assert other.status_code == 302


def test_rate_limit_behind_a_reverse_proxy(client, person_category, settings):
    """Behind the proxy every request comes from its address: visitors are told apart by the
    address the proxy appends to X-Forwarded-For."""
    settings.MEMBERS_APPLY_RATE = (1, 3600)
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    first = company(person_category, email="a1@exemple.fr", legal_name="", siren="")
    second = company(person_category, email="b1@exemple.fr", legal_name="", siren="")
    again = company(person_category, email="a2@exemple.fr", legal_name="", siren="")
    assert client.post(URL, first, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 302
    assert client.post(URL, second, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy).status_code == 302
    assert client.post(URL, again, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    assert Membership.objects.count() == 2


def test_duplicate_siren_points_to_existing(client, company_category):
    client.post(URL, company(company_category))
    response = client.post(URL, company(company_category, email="autre@creuse-num.fr"))
    page = response.content.decode()
    assert "Creuse Numérique SARL est déjà adhérente" in page
    assert "inviter" in page and "/auth/login/?next=/members/apply/" in page
    assert Membership.objects.count() == 1
    assert Person.objects.count() == 1


def test_duplicate_email_with_account_asks_to_log_in(client, person_category, contact):
    response = client.post(
        URL, company(person_category, email="CLAIRE@limousin-data.fr", legal_name="", siren="")
    )
    page = response.content.decode()
    assert "Un compte utilise déjà cette adresse" in page
    assert Membership.objects.count() == 0
    # Logged in with that account, the application goes through and is linked to it.
    client.force_login(contact.user)
    response = client.post(
        URL, company(person_category, email="claire@limousin-data.fr", legal_name="", siren="")
    )
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.person == contact
    mail = OutgoingEmail.objects.get(template="members/email/application_received")
    assert "/members/me/" in mail.body_text
    response = client.post(
        URL, company(person_category, email="claire@limousin-data.fr", legal_name="", siren="")
    )
    assert "Vous avez déjà une adhésion" in response.content.decode()
    assert Membership.objects.count() == 1


def test_existing_organisation_without_membership_is_reused(client, company_category, organisation):
    client.post(URL, company(company_category, siren="732829320", legal_name="Autre nom"))
    membership = Membership.objects.get()
    assert membership.organisation == organisation
    assert Organisation.objects.count() == 1
    assert organisation.legal_name == "Limousin Data SAS"


def test_logged_in_form_is_prefilled(client, make_user, company_category):
    user = make_user(email="jean@exemple.fr", first_name="Jean", last_name="Valjean")
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert 'value="jean@exemple.fr"' in page and 'value="Valjean"' in page


@pytest.mark.parametrize(
    ("postal", "dep"),
    [("87000", "87"), ("20000", "2A"), ("20600", "2B"), ("97400", "974"), ("", ""), ("ab", "")],
)
def test_departement_from_postal_code(postal, dep):
    assert departement_from_postal_code(postal) == dep


def _burst(fn, count):
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection

    barrier = threading.Barrier(count)
    outcomes, lock = [], threading.Lock()

    def attempt(i):
        try:
            barrier.wait()
            fn(i)
            result = "ok"
        except ValidationError as exc:
            result = " ".join(exc.messages)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_applications_same_siren_make_one_membership():
    from guild.members.forms import CONSENT_WORDING, DIRECTORY_WORDING, NEWSLETTER_WORDING
    from guild.members.services import membership_apply_online

    category = MembershipCategory.objects.create(
        code="entreprise", name="Entreprise", holder="organisation", dues_amount=Decimal("100")
    )

    def apply_once(i):
        membership_apply_online(
            actor=None,
            category=category,
            person_data={"first_name": "A", "last_name": str(i), "email": f"p{i}@exemple.fr"},
            organisation_data={"legal_name": "Course SAS", "siren": "732829320"},
            consents={
                "processing_wording": CONSENT_WORDING,
                "directory_wording": DIRECTORY_WORDING,
                "newsletter_wording": NEWSLETTER_WORDING,
            },
        )

    outcomes = _burst(apply_once, 6)
    assert outcomes.count("ok") == 1, outcomes
    assert all("a déjà une adhésion" in o for o in outcomes if o != "ok")
    assert Organisation.objects.count() == 1
    assert Membership.objects.count() == 1
    # Same race for an organisation already known (no membership yet): the row lock decides.
    Organisation.objects.create(legal_name="Connue SARL", siren="552100554")
    outcomes = _burst(
        lambda i: membership_apply_online(
            actor=None,
            category=category,
            person_data={"first_name": "B", "last_name": str(i), "email": f"q{i}@exemple.fr"},
            organisation_data={"legal_name": "Connue SARL", "siren": "552100554"},
            consents={
                "processing_wording": CONSENT_WORDING,
                "directory_wording": DIRECTORY_WORDING,
                "newsletter_wording": NEWSLETTER_WORDING,
            },
        ),
        6,
    )
    assert outcomes.count("ok") == 1, outcomes
    assert Membership.objects.filter(organisation__siren="552100554").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_applications_same_email_make_one_person():
    from guild.members.forms import CONSENT_WORDING, DIRECTORY_WORDING, NEWSLETTER_WORDING
    from guild.members.services import membership_apply_online

    category = MembershipCategory.objects.create(
        code="independant", name="Indépendant", holder="person", dues_amount=Decimal("60")
    )

    def apply_once(i):
        membership_apply_online(
            actor=None,
            category=category,
            person_data={"first_name": "Léa", "last_name": "Roux", "email": "LEA@exemple.fr"},
            consents={
                "processing_wording": CONSENT_WORDING,
                "directory_wording": DIRECTORY_WORDING,
                "newsletter_wording": NEWSLETTER_WORDING,
            },
        )

    outcomes = _burst(apply_once, 6)
    assert outcomes.count("ok") == 1, outcomes
    assert Person.objects.count() == 1
    assert Membership.objects.count() == 1


def test_database_keeps_one_ongoing_membership_per_holder(company_category, organisation):
    from django.db import IntegrityError, transaction

    Membership.objects.create(category=company_category, organisation=organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            category=company_category, organisation=organisation, status=S.ACTIVE
        )
    # Past memberships do not count.
    Membership.objects.create(category=company_category, organisation=organisation, status=S.LAPSED)
    Membership.objects.create(
        category=company_category, organisation=organisation, status=S.RESIGNED
    )
    assert Membership.objects.filter(organisation=organisation).count() == 3
