"""Back-office and member screens: permissions, forms, refusals shown in French, query counts."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from guild.governance.models import Assembly, BoardVote, Mandate, Proxy, Voter
from guild.governance.services import (
    admission_start,
    assembly_open,
    attendance_mark,
)
from tests.governance.factories import apply, make_membership, person_with_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def test_back_office_pages_need_a_role(client, user):
    client.force_login(user)
    for url in [
        "/manage/governance/applications/",
        "/manage/governance/safeguards/",
        "/manage/governance/board-votes/",
        "/manage/governance/assemblies/",
        "/manage/governance/bodies/",
        "/manage/governance/declarations/",
        "/manage/governance/policy/",
    ]:
        assert client.get(url).status_code == 403, url


def test_application_screens(staff, policy, board_members, django_assert_max_num_queries):
    sponsor = make_membership(months=24)
    junior = make_membership(months=1)
    application = admission_start(actor=None, membership=apply(data={"ip": "203.0.113.9"}))
    url = f"/manage/governance/applications/{application.pk}/"
    response = staff.post(url, {"action": "sponsor", "sp-sponsor": junior.pk})
    assert "ancienneté" in response.content.decode()
    response = staff.post(url, {"action": "sponsor", "sp-sponsor": 999999})
    assert "Aucune adhésion" in response.content.decode()
    assert staff.post(url, {"action": "sponsor", "sp-sponsor": sponsor.pk}).status_code == 302
    assert staff.post(url, {"action": "recuse", "rc-interest": "Ancien associé"}).status_code == 302
    page = staff.get(url).content.decode()
    assert "Ancien associé" in page
    assert "203.0.113.0/24" in page
    response = staff.post(
        f"/manage/governance/applications/{application.pk}/decide/",
        {"approve": "0", "reason": ""},
        follow=True,
    )
    assert "motif" in response.content.decode()
    with django_assert_max_num_queries(15):
        staff.get("/manage/governance/applications/")
    for _ in range(10):
        admission_start(actor=None, membership=apply())
    with django_assert_max_num_queries(15):
        assert staff.get("/manage/governance/applications/?stage=sponsorship").status_code == 200
    with django_assert_max_num_queries(25):
        assert staff.get("/manage/governance/safeguards/").status_code == 200


def test_board_vote_screens(client, policy, board_members, staff_user):
    client.force_login(board_members[0])
    response = client.get("/manage/governance/board-votes/new/")
    assert response.status_code == 200
    deadline = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/manage/governance/board-votes/new/",
        {"title": "Adhésion à la fédération régionale", "majority": "simple", "deadline": deadline},
    )
    vote = BoardVote.objects.get()
    assert response.status_code == 302
    url = f"/manage/governance/board-votes/{vote.pk}/"
    assert client.post(url, {"choice": "approve"}).status_code == 302
    response = client.post(url, {"choice": "approve"})
    assert "déjà voté" in response.content.decode()
    client.force_login(board_members[1])
    client.post(url, {"choice": "refuse"})
    client.force_login(board_members[2])
    client.post(url, {"choice": "approve"})
    client.post(f"{url}close/")
    vote.refresh_from_db()
    assert vote.outcome == "adopted"
    assert client.get("/manage/governance/board-votes/").status_code == 200
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/manage/governance/board-votes/new/",
        {"title": "Trop tard", "majority": "simple", "deadline": past},
    )
    assert "futur" in response.content.decode()


def _convened_assembly(staff, n=3):
    for _ in range(n):
        make_membership(months=24)
    start = timezone.localtime() + timedelta(days=30)
    staff.post(
        "/manage/governance/assemblies/",
        {
            "title": "AG",
            "kind": "ordinary",
            "location": "Guéret",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assembly = Assembly.objects.get()
    url = f"/manage/governance/assemblies/{assembly.pk}/"
    response = staff.post(url, {"action": "convene"}, follow=True)
    assert "ordre du jour" in response.content.decode()
    staff.post(url, {"action": "agenda", "ag-title": "Rapport moral"})
    staff.post(
        url,
        {
            "action": "document",
            "doc-title": "Comptes",
            "doc-file": SimpleUploadedFile("comptes.pdf", b"%PDF-1.4"),
        },
    )
    staff.post(url, {"action": "convene"})
    assembly.refresh_from_db()
    return assembly, url


def test_assembly_screens(staff, policy, django_assert_max_num_queries):
    assembly, url = _convened_assembly(staff)
    assert assembly.status == "convened"
    assert assembly.documents.count() == 1
    voters = list(Voter.objects.filter(assembly=assembly))
    attendance_url = f"{url}attendance/"
    staff.post(attendance_url, {"voter": voters[0].pk, "mode": "present"})
    with django_assert_max_num_queries(20):
        page = staff.get(attendance_url + "?q=Soc").content.decode()
    assert "Présent" in page
    for _ in range(10):
        make_membership(months=24)
    quorum = staff.get(f"/governance/assemblies/{assembly.pk}/quorum/")
    assert "quorum-live" in quorum.content.decode()
    staff.post(
        url,
        {
            "action": "resolution",
            "res-kind": "motion",
            "res-title": "Cotisations",
            "res-decision_type": "ordinary",
            "res-seats": 1,
        },
    )
    resolution = assembly.resolutions.get()
    rurl = f"/manage/governance/resolutions/{resolution.pk}/"
    response = staff.post(rurl, {"action": "open"}, follow=True)
    assert "séance" in response.content.decode()
    staff.post(url, {"action": "open"})
    staff.post(rurl, {"action": "open"})
    response = staff.post(rurl, {"action": "counts", "ov-yes": 50, "ov-no": 0, "ov-abstain": 0})
    assert "dépassent" in response.content.decode()
    staff.post(rurl, {"action": "counts", "ov-yes": 1, "ov-no": 0, "ov-abstain": 0})
    staff.post(rurl, {"action": "close"})
    staff.post(url, {"action": "close"})
    staff.post(url, {"action": "minutes"})
    assembly.refresh_from_db()
    assert assembly.status == "closed"
    assert assembly.minutes_sha256
    assert staff.get(f"{url}minutes.pdf").status_code == 200
    assert staff.get(url).status_code == 200
    assert staff.get(f"/governance/assemblies/{assembly.pk}/results/").status_code == 200
    with django_assert_max_num_queries(10):
        assert staff.get("/manage/governance/assemblies/").status_code == 200


def test_member_assembly_page_proxies_and_ballots(client, staff_user, policy):
    staff = client
    staff.force_login(staff_user)
    assembly, url = _convened_assembly(staff, n=3)
    voters = list(Voter.objects.filter(assembly=assembly).select_related("user"))
    member_url = f"/governance/assemblies/{assembly.pk}/"
    client.force_login(voters[0].user)
    response = client.post(
        member_url, {"action": "proxy", "voter": voters[0].pk, "holder": ""}, follow=True
    )
    assert "Choisissez un membre" in response.content.decode()
    client.post(member_url, {"action": "proxy", "voter": voters[0].pk, "holder": voters[1].pk})
    assert Proxy.objects.filter(revoked_at__isnull=True).count() == 1
    assert "détenue par" in client.get(member_url).content.decode()
    client.post(member_url, {"action": "revoke", "voter": voters[0].pk})
    assert not Proxy.objects.filter(revoked_at__isnull=True).exists()
    assert client.post(member_url, {"action": "proxy", "voter": 0}).status_code == 404
    client.force_login(staff_user)
    staff.post(
        url,
        {
            "action": "resolution",
            "res-kind": "motion",
            "res-title": "Secret",
            "res-decision_type": "exclusion",
            "res-seats": 1,
        },
    )
    resolution = assembly.resolutions.get()
    assembly_open(actor=staff_user, assembly=assembly)
    client.post(f"/manage/governance/resolutions/{resolution.pk}/", {"action": "open"})
    client.force_login(voters[2].user)
    client.post(member_url, {"action": "remote", "voter": voters[2].pk})
    vote_url = f"/governance/resolutions/{resolution.pk}/vote/"
    assert client.get(vote_url).status_code == 200
    response = client.post(vote_url, {"choice": "no"})
    assert response.context["receipts"]
    assert "déjà été déposé" in client.get(vote_url).content.decode()
    client.force_login(staff_user)
    assert client.get(vote_url).status_code == 404


def test_bodies_and_declaration_screens(staff, client, board, staff_user, user):
    person = person_with_user()
    url = f"/manage/governance/bodies/{board.pk}/"
    response = staff.post(
        url,
        {
            "action": "add",
            "m-person_id": person.pk,
            "m-role": "member",
            "m-starts_on": timezone.localdate().isoformat(),
        },
    )
    assert "déclaration d’intérêts" in response.content.decode()
    response = staff.post(
        url,
        {
            "action": "add",
            "m-person_id": 999999,
            "m-role": "member",
            "m-starts_on": timezone.localdate().isoformat(),
        },
    )
    assert "Aucune personne" in response.content.decode()
    client.force_login(person.user)
    decl = client.post(
        "/governance/declaration/",
        {
            "employer": "Atelier Web",
            "office_title": "Conseillère municipale",
            "office_kind": "councillor",
            "office_level": "commune",
        },
    )
    assert "Indiquez le type" in decl.content.decode()
    client.post(
        "/governance/declaration/",
        {
            "employer": "Atelier Web",
            "office_title": "Conseillère municipale",
            "office_kind": "councillor",
            "office_level": "commune",
            "office_start": "2020-03-15",
        },
    )
    assert "Conseillère municipale" in client.get("/governance/declaration/").content.decode()
    client.force_login(staff_user)
    response = staff.post(
        url,
        {
            "action": "add",
            "m-person_id": person.pk,
            "m-role": "member",
            "m-starts_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    mandate = Mandate.objects.get()
    staff.post(url, {"action": "draw"})
    mandate.refresh_from_db()
    assert mandate.renewal_class == 1
    response = staff.post(url, {"action": "end", "mandate": mandate.pk, "e-on": "", "e-reason": ""})
    assert response.status_code == 200
    staff.post(
        url,
        {
            "action": "end",
            "mandate": mandate.pk,
            "e-on": timezone.localdate().isoformat(),
            "e-reason": "Démission",
        },
    )
    mandate.refresh_from_db()
    assert mandate.ended_on
    assert staff.get("/manage/governance/bodies/").status_code == 200
    assert staff.get("/manage/governance/declarations/").status_code == 200
    client.force_login(user)
    assert client.get("/governance/declaration/").status_code == 404
    assert client.get("/governance/sponsorships/").status_code == 200


def test_sponsor_answers_in_the_browser_form(client, policy):
    sponsor = make_membership(months=24)
    application = admission_start(actor=None, membership=apply(data={"sponsors": [sponsor.pk]}))
    sponsorship = application.sponsorships.get()
    client.force_login(sponsor.contact.user)
    assert "Demandes de parrainage" in client.get("/governance/sponsorships/").content.decode()
    url = f"/governance/sponsorships/{sponsorship.pk}/"
    assert client.post(url, {"accept": "1"}).status_code == 302
    response = client.post(url, {"accept": "1"})
    assert "déjà reçu une réponse" in response.content.decode()
    assert attendance_mark  # imported for the other tests


def test_home_block_lists_what_a_member_has_to_do(client, policy, staff_user):
    sponsor = make_membership(months=24)
    admission_start(actor=None, membership=apply(data={"sponsors": [sponsor.pk]}))
    client.force_login(sponsor.contact.user)
    page = client.get("/").content.decode()
    assert "1 demande de parrainage attend votre réponse" in page
    client.logout()
    assert "Vie de l’association" not in client.get("/").content.decode()


def test_direct_decision_on_an_unflagged_application(staff, admin_user, board):
    from datetime import date

    from guild.governance.services import policy_create_version

    policy_create_version(
        actor=admin_user, data={"admission_mode": "body"}, effective_from=date.today()
    )
    application = admission_start(actor=None, membership=apply())
    page = staff.get(f"/manage/governance/applications/{application.pk}/").content.decode()
    assert "Décider sans vote" in page
    url = f"/manage/governance/applications/{application.pk}/decide/"
    staff.post(url, {"approve": "0", "reason": "Motif inventé"})
    application.refresh_from_db()
    assert application.stage == "review"
    staff.post(url, {"approve": "0", "reason": "Dossier incomplet ou informations inexactes"})
    application.refresh_from_db()
    assert application.stage == "refused"
