from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from guild.commissions.models import Action, Commission, Mission
from tests.commissions.factories import (
    ActionFactory,
    CommissionFactory,
    MembershipFactory,
    MissionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def _client(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _client


def test_anonymous_is_refused(api):
    assert api().get("/api/v1/commissions/").status_code in {401, 403}


def test_list_hides_nothing_from_members_and_filters(api, member, commission, action):
    CommissionFactory(visibility="members", name="Privée")
    data = api(member).get("/api/v1/commissions/").json()
    assert {c["name"] for c in data["results"]} >= {"Salon du numérique", "Privée"}
    actions = (
        api(member)
        .get(
            "/api/v1/commission-actions/",
            {
                "commission": commission.slug,
                "status": "planned",
                "horizon": "short",
                "owner": member.pk,
            },
        )
        .json()
    )
    assert [a["title"] for a in actions["results"]] == ["Trouver un lieu"]
    assert actions["results"][0]["commission"] == commission.slug
    missions = api(member).get("/api/v1/commission-missions/").json()
    assert missions["results"][0]["commission"] == commission.slug


def test_member_creates_and_updates_action(api, member, mission):
    client = api(member)
    today = timezone.localdate()
    response = client.post(
        "/api/v1/commission-actions/",
        {
            "mission": mission.pk,
            "title": "Via l'API",
            "start_date": str(today),
            "target_date": str(today + timedelta(days=700)),
            "owners": [member.pk],
            "planned_budget": "1500.00",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["horizon"] == "long"
    assert body["status"] == "idea"
    pk = body["id"]
    response = client.patch(f"/api/v1/commission-actions/{pk}/", {"progress": 30}, format="json")
    assert response.status_code == 200
    assert response.json()["progress"] == 30
    response = client.patch(f"/api/v1/commission-actions/{pk}/", {"status": "done"}, format="json")
    assert response.status_code == 400
    response = client.post(
        f"/api/v1/commission-actions/{pk}/transition/", {"status": "in_progress"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    response = client.post(
        f"/api/v1/commission-actions/{pk}/transition/", {"status": "abandoned"}, format="json"
    )
    assert response.status_code == 400
    assert "Indiquez pourquoi" in str(response.json()["error"]["details"])


def test_api_bad_input(api, member, mission):
    today = timezone.localdate()
    response = api(member).post(
        "/api/v1/commission-actions/",
        {
            "mission": mission.pk,
            "title": "À l'envers",
            "start_date": str(today),
            "target_date": str(today - timedelta(days=1)),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "La date cible ne peut pas précéder" in str(response.json())
    assert not Action.objects.exists()


def test_api_non_member_is_refused_in_french(api, outsider, mission, action):
    response = api(outsider).post(
        "/api/v1/commission-actions/", {"mission": mission.pk, "title": "Intrus"}, format="json"
    )
    assert response.status_code == 403
    assert "membre de cette commission" in response.json()["error"]["message"]
    response = api(outsider).patch(
        f"/api/v1/commission-actions/{action.pk}/", {"progress": 99}, format="json"
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.progress == 0


def test_api_commissions_and_missions_write(api, staff_user, chair, commission, outsider):
    response = api(staff_user).post(
        "/api/v1/commissions/",
        {
            "name": "Numérique responsable",
            "visibility": "public",
            "join_policy": "open",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["slug"] == "numerique-responsable"
    response = api(outsider).post("/api/v1/commissions/", {"name": "Non"}, format="json")
    assert response.status_code == 403
    response = api(chair).patch(
        f"/api/v1/commissions/{commission.slug}/", {"description": "Mise à jour"}, format="json"
    )
    assert response.status_code == 200
    assert Commission.objects.get(pk=commission.pk).description == "Mise à jour"
    response = api(outsider).patch(
        f"/api/v1/commissions/{commission.slug}/", {"description": "Piratage"}, format="json"
    )
    assert response.status_code == 403
    response = api(chair).post(
        "/api/v1/commission-missions/",
        {"commission": commission.slug, "title": "Nouvelle mission"},
        format="json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    response = api(chair).patch(
        f"/api/v1/commission-missions/{pk}/", {"title": "Mission renommée"}, format="json"
    )
    assert response.status_code == 200
    assert Mission.objects.get(pk=pk).title == "Mission renommée"
    response = api(outsider).post(
        "/api/v1/commission-missions/",
        {"commission": commission.slug, "title": "Intrus"},
        format="json",
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "path", ["/api/v1/commissions/", "/api/v1/commission-actions/", "/api/v1/commission-missions/"]
)
def test_api_list_query_count(api, make_user, path):
    board = make_user("board")
    client = api(board)

    def build(n):
        for _ in range(n):
            c = CommissionFactory()
            MembershipFactory(commission=c)
            ActionFactory(mission=MissionFactory(commission=c), owners=[board])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    build(3)
    small = count()
    build(27)
    assert count() <= small
