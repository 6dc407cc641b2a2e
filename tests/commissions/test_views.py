from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from guild.commissions.models import (
    Action,
    ActionComment,
    ActionLink,
    Commission,
    Indicator,
    Meeting,
    Membership,
    Milestone,
    Mission,
)
from tests.commissions.factories import (
    ActionFactory,
    CommissionFactory,
    MeetingFactory,
    MembershipFactory,
    MissionFactory,
)

pytestmark = pytest.mark.django_db


def test_public_sees_only_public_commissions(client, commission, mission, member):
    private = CommissionFactory(name="Commande publique", visibility="members")
    ActionFactory(mission=mission, title="Action en cours", status="in_progress")
    ActionFactory(mission=mission, title="Idée secrète", status="idea")
    response = client.get(reverse("commissions:list"))
    assert response.status_code == 200
    assert "Salon du numérique" in response.text
    assert "Commande publique" not in response.text
    detail = client.get(commission.get_absolute_url())
    assert "Action en cours" in detail.text
    assert "Idée secrète" not in detail.text
    assert client.get(private.get_absolute_url()).status_code == 403


def test_member_pages_render(client_for, chair, commission, mission, action):
    client = client_for(chair)
    for url in [
        reverse("commissions:list") + "?archived=1",
        commission.get_absolute_url(),
        reverse("commissions:board", args=[commission.slug]),
        reverse("commissions:members", args=[commission.slug]),
        reverse("commissions:edit", args=[commission.slug]),
        reverse("commissions:mission_create", args=[commission.slug]),
        reverse("commissions:mission_edit", args=[commission.slug, mission.pk]),
        reverse("commissions:action_create", args=[commission.slug]),
        action.get_absolute_url(),
        reverse("commissions:action_edit", args=[action.pk]),
        reverse("commissions:roadmap"),
        reverse("commissions:my_actions"),
        reverse("commissions:meetings", args=[commission.slug]),
        reverse("commissions:meeting_create", args=[commission.slug]),
        reverse("commissions:calendar"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_chair_creates_mission_and_action_through_the_pages(client_for, chair, commission):
    client = client_for(chair)
    response = client.post(
        reverse("commissions:mission_create", args=[commission.slug]),
        {"title": "Former les TPE", "objectives": "Dix ateliers"},
    )
    assert response.status_code == 302
    mission = Mission.objects.get(title="Former les TPE")
    today = timezone.localdate()
    response = client.post(
        reverse("commissions:action_create", args=[commission.slug]),
        {
            "mission": mission.pk,
            "title": "Atelier cybersécurité",
            "status": "planned",
            "owners": [chair.pk],
            "start_date": today,
            "target_date": today + timedelta(days=30),
            "progress": 0,
            "planned_budget": "1200.50",
            "spent_budget": "0",
        },
    )
    action = Action.objects.get(title="Atelier cybersécurité")
    assert response.status_code == 302
    assert action.horizon == "short"
    assert str(action.planned_budget) == "1200.50"
    response = client.post(
        reverse("commissions:action_edit", args=[action.pk]),
        {
            "mission": mission.pk,
            "title": "Atelier cybersécurité",
            "owners": [chair.pk],
            "start_date": today,
            "target_date": today + timedelta(days=400),
            "horizon": "",
            "progress": 10,
            "planned_budget": "1200.50",
            "spent_budget": "100",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.horizon == "medium"
    assert action.progress == 10


def test_target_before_start_in_form_shows_french_error(client_for, chair, mission):
    today = timezone.localdate()
    response = client_for(chair).post(
        reverse("commissions:action_create", args=[mission.commission.slug]),
        {
            "mission": mission.pk,
            "title": "À l'envers",
            "status": "idea",
            "start_date": today,
            "target_date": today - timedelta(days=2),
            "progress": 0,
            "planned_budget": "0",
            "spent_budget": "0",
        },
    )
    assert response.status_code == 200
    assert "La date cible ne peut pas précéder la date de début." in response.text
    assert not Action.objects.exists()


def test_non_member_acting_is_refused_in_french(client_for, outsider, commission, mission, action):
    client = client_for(outsider)
    response = client.post(
        reverse("commissions:action_create", args=[commission.slug]),
        {
            "mission": mission.pk,
            "title": "Intrus",
            "status": "idea",
            "progress": 0,
            "planned_budget": "0",
            "spent_budget": "0",
        },
    )
    assert response.status_code == 403
    assert "Vous n’êtes pas membre de cette commission" in response.text
    response = client.post(
        reverse("commissions:action_progress", args=[action.pk]), {"progress": 90}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("commissions:comment_add", args=[action.pk]), {"body": "Bonjour"}
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.progress == 0
    assert not ActionComment.objects.exists()
    assert not Action.objects.filter(title="Intrus").exists()


def test_non_member_is_told_joining_needs_a_membership(client_for, non_member, commission):
    client = client_for(non_member)
    page = client.get(reverse("commissions:detail", args=[commission.slug]))
    assert "Seuls les adhérents à jour de leur cotisation" in page.text
    assert "Demander à rejoindre" not in page.text
    response = client.post(reverse("commissions:join", args=[commission.slug]), follow=True)
    assert not Membership.objects.filter(user=non_member).exists()
    assert "Seuls les adhérents" in response.text


def test_member_joins_and_updates_progress(client_for, outsider, chair, commission, action):
    client = client_for(outsider)
    client.post(reverse("commissions:join", args=[commission.slug]))
    membership = Membership.objects.get(user=outsider)
    assert membership.status == "pending"
    response = client.post(reverse("commissions:join", args=[commission.slug]), follow=True)
    assert "déjà" in response.text
    chair_client = client_for(chair)
    chair_client.post(
        reverse("commissions:membership_action", args=[commission.slug, membership.pk]),
        {"do": "approve"},
    )
    client = client_for(outsider)
    client.post(reverse("commissions:action_progress", args=[action.pk]), {"progress": 60})
    action.refresh_from_db()
    assert action.progress == 60
    client.post(reverse("commissions:action_progress", args=[action.pk]), {"progress": 160})
    action.refresh_from_db()
    assert action.progress == 60
    client.post(reverse("commissions:leave", args=[commission.slug]))
    assert not Membership.objects.filter(user=outsider).exists()


def test_members_page_actions(client_for, chair, commission, make_user):
    person = make_user(email="nouveau@example.org")
    client = client_for(chair)
    client.post(
        reverse("commissions:members", args=[commission.slug]),
        {"email": "nouveau@example.org", "role": "co_chair"},
    )
    membership = Membership.objects.get(user=person)
    assert membership.role == "co_chair"
    client.post(
        reverse("commissions:membership_action", args=[commission.slug, membership.pk]),
        {"do": "role", "role": "member"},
    )
    membership.refresh_from_db()
    assert membership.role == "member"
    response = client.post(
        reverse("commissions:membership_action", args=[commission.slug, membership.pk]),
        {"do": "approve"},
        follow=True,
    )
    assert "déjà été traitée" in response.text
    client.post(
        reverse("commissions:membership_action", args=[commission.slug, membership.pk]),
        {"do": "remove"},
    )
    assert not Membership.objects.filter(user=person).exists()
    response = client.post(
        reverse("commissions:members", args=[commission.slug]),
        {"email": "personne@example.org", "role": "member"},
    )
    assert "Aucun compte" in response.text


def test_board_htmx_move_goes_through_the_status_service(client_for, member, action):
    client = client_for(member)
    url = reverse("commissions:action_status", args=[action.pk])
    response = client.post(url, {"status": "in_progress"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="board"' in response.text
    action.refresh_from_db()
    assert action.status == "in_progress"
    response = client.post(url, {"status": "idea"}, headers={"HX-Request": "true"})
    assert "ne peut pas passer" in response.text
    response = client.post(url, {"status": "nope"}, headers={"HX-Request": "true"})
    assert "statut valide" in response.text
    response = client.post(url, {"status": "abandoned", "reason": ""}, follow=True)
    assert "Indiquez pourquoi" in response.text
    client.post(url, {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done"


def test_action_sub_forms(client_for, member, mission, action):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(member)
    client.post(reverse("commissions:milestone_add", args=[action.pk]), {"title": "Jalon"})
    milestone = Milestone.objects.get()
    client.post(reverse("commissions:milestone_toggle", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.done_at
    client.post(reverse("commissions:milestone_add", args=[action.pk]), {"title": ""})
    client.post(
        reverse("commissions:indicator_add", args=[action.pk]),
        {"name": "Inscrits", "target_value": "50", "current_value": "5"},
    )
    indicator = Indicator.objects.get()
    client.post(
        reverse("commissions:indicator_update", args=[indicator.pk]), {"current_value": "25"}
    )
    indicator.refresh_from_db()
    assert indicator.percent == 50
    client.post(
        reverse("commissions:indicator_update", args=[indicator.pk]), {"current_value": "abc"}
    )
    client.post(
        reverse("commissions:link_add", args=[action.pk]),
        {"kind": "event", "title": "Salon", "url": "https://example.org/e"},
    )
    client.post(
        reverse("commissions:link_add", args=[action.pk]),
        {"kind": "document", "title": "CR", "file": SimpleUploadedFile("cr.pdf", b"%PDF-1.4")},
    )
    response = client.post(
        reverse("commissions:link_add", args=[action.pk]),
        {"kind": "document", "title": "Vide"},
        follow=True,
    )
    assert "soit une adresse" in response.text
    client.post(reverse("commissions:link_add", args=[action.pk]), {"kind": "x"})
    assert ActionLink.objects.count() == 2
    client.post(reverse("commissions:link_remove", args=[ActionLink.objects.first().pk]))
    assert ActionLink.objects.count() == 1
    other = ActionFactory(mission=mission, title="Autre")
    client.post(reverse("commissions:dependency_add", args=[action.pk]), {"depends_on": other.pk})
    response = client.post(
        reverse("commissions:dependency_add", args=[other.pk]),
        {"depends_on": action.pk},
        follow=True,
    )
    assert "cycle" in response.text
    assert not other.depends_on.exists()
    client.post(reverse("commissions:dependency_add", args=[other.pk]), {"depends_on": ""})
    client.post(reverse("commissions:dependency_remove", args=[action.pk, other.pk]))
    assert not action.depends_on.exists()
    client.post(reverse("commissions:comment_add", args=[action.pk]), {"body": "Bien reçu"})
    assert ActionComment.objects.count() == 1
    response = client.get(action.get_absolute_url())
    assert "Bien reçu" in response.text
    assert "@marc.membre" in response.text


def test_meeting_flow(
    client_for, chair, member, commission, mission, smtp_server, django_capture_on_commit_callbacks
):
    client = client_for(chair)
    starts = (timezone.localtime() + timedelta(days=10)).replace(microsecond=0)
    response = client.post(
        reverse("commissions:meeting_create", args=[commission.slug]),
        {
            "title": "Réunion de rentrée",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "duration": 90,
            "location": "",
            "video_url": "https://visio.example.org/r",
            "agenda": "Accueil\nBudget",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.agenda_items.count() == 2
    assert client.get(meeting.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("commissions:meeting_convocation", args=[meeting.pk]))
    recipients = {m["To"] for m in smtp_server.messages}
    assert recipients == {chair.email, member.email}
    message = smtp_server.messages[0]
    ics = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    content = ics[0].get_content()
    content = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in content
    assert "METHOD:REQUEST" in content
    client.post(
        reverse("commissions:meeting_attendance", args=[meeting.pk]),
        {f"p{chair.pk}": "present", f"p{member.pk}": "excused"},
    )
    assert meeting.attendances.count() == 2
    client.post(
        reverse("commissions:meeting_minutes", args=[meeting.pk]),
        {"minutes": "Compte rendu.", "decisions": "Décision 1\nDécision 2", "publish": "on"},
    )
    meeting.refresh_from_db()
    assert meeting.minutes_published_at
    assert meeting.decisions.count() == 2
    response = client.post(
        reverse("commissions:meeting_minutes", args=[meeting.pk]),
        {"minutes": "", "publish": "on"},
        follow=True,
    )
    assert response.status_code == 200
    today = timezone.localdate()
    response = client.post(
        reverse("commissions:meeting_action_create", args=[meeting.pk]),
        {
            "act-mission": mission.pk,
            "act-title": "Action décidée",
            "act-status": "planned",
            "act-target_date": today + timedelta(days=200),
            "act-progress": 0,
            "act-planned_budget": "0",
            "act-spent_budget": "0",
        },
    )
    action = Action.objects.get(title="Action décidée")
    assert action.source_meeting == meeting
    assert action.horizon == "medium"
    assert (
        client.get(reverse("commissions:meeting_action_create", args=[meeting.pk])).status_code
        == 200
    )
    edit = reverse("commissions:meeting_edit", args=[commission.slug, meeting.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "title": "R",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "duration": 60,
            "location": "",
            "video_url": "",
        },
    )
    assert "un lieu ou un lien" in response.text
    ics_response = client.get(reverse("commissions:meeting_ics", args=[meeting.pk]))
    assert "Réunion de rentrée" in ics_response.content.decode()


def test_convocation_for_a_past_meeting_is_refused(client_for, chair, commission):
    from guild.core.models import OutgoingEmail

    meeting = MeetingFactory(commission=commission, starts_at=timezone.now() - timedelta(days=1))
    response = client_for(chair).post(
        reverse("commissions:meeting_convocation", args=[meeting.pk]), follow=True
    )
    assert "Cette réunion est passée" in response.text
    meeting.refresh_from_db()
    assert meeting.convocation_sent_at is None
    assert not OutgoingEmail.objects.exists()


def test_member_cannot_schedule_meetings(client_for, member, commission):
    response = client_for(member).get(reverse("commissions:meeting_create", args=[commission.slug]))
    assert response.status_code == 403
    assert "Seuls les présidents" in response.text


def test_commission_create_edit_archive(client_for, staff_user):
    client = client_for(staff_user)
    assert client.get(reverse("commissions:create")).status_code == 200
    client.post(
        reverse("commissions:create"),
        {"name": "Numérique responsable", "visibility": "public", "join_policy": "open"},
    )
    commission = Commission.objects.get()
    response = client.post(
        reverse("commissions:create"),
        {"name": "numérique responsable", "visibility": "public", "join_policy": "open"},
    )
    assert "porte déjà ce nom" in response.text
    client.post(
        reverse("commissions:edit", args=[commission.slug]),
        {
            "name": "Numérique responsable",
            "description": "Sobriété",
            "visibility": "members",
            "join_policy": "open",
        },
    )
    commission.refresh_from_db()
    assert commission.visibility == "members"
    client.post(reverse("commissions:archive", args=[commission.slug]), {"archived": "1"})
    commission.refresh_from_db()
    assert commission.is_archived
    client.post(reverse("commissions:archive", args=[commission.slug]), {"archived": "0"})
    commission.refresh_from_db()
    assert not commission.is_archived


def test_settings_page(client_for, staff_user, user):
    url = reverse("commissions:settings")
    assert client_for(user).get(url).status_code == 403
    client = client_for(staff_user)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"short_max_months": 6, "medium_max_months": 3, "reminder_days": 14}
    )
    assert "plus long" in response.text
    client.post(url, {"short_max_months": 3, "medium_max_months": 12, "reminder_days": 7})
    from guild.commissions.models import CommissionSettings

    assert CommissionSettings.load().medium_max_months == 12


def test_roadmap_filters(client_for, member, commission, mission):
    ActionFactory(mission=mission, title="Visible", owners=[member], status="in_progress")
    ActionFactory(mission=mission, title="Terminée", status="done")
    ActionFactory(mission=mission, title="Piste laissée", status="abandoned", abandon_reason="x")
    client = client_for(member)
    response = client.get(reverse("commissions:roadmap"))
    assert "Visible" in response.text
    assert "Piste laissée" not in response.text
    assert "Terminée" not in response.text
    response = client.get(
        reverse("commissions:roadmap"),
        {"commission": commission.slug, "owner": member.pk, "status": "in_progress"},
    )
    assert "Visible" in response.text
    response = client.get(reverse("commissions:roadmap"), {"status": "abandoned"})
    assert "Piste laissée" in response.text


def test_calendar_feeds(client, client_for, member, commission):
    MeetingFactory(commission=commission, title="Réunion publique")
    hidden = CommissionFactory(visibility="members")
    MeetingFactory(commission=hidden, title="Réunion privée")
    public = client.get(reverse("commissions:public_feed")).content.decode()
    assert "Réunion publique" in public
    assert "Réunion privée" not in public
    me = client_for(member)
    me.get(reverse("commissions:calendar"))
    token = member.commission_feeds.get(revoked_at__isnull=True).token
    private = client.get(reverse("commissions:feed", args=[token]))
    assert private.status_code == 200
    assert "Réunion publique" in private.content.decode()
    me.post(reverse("commissions:calendar_revoke"))
    assert client.get(reverse("commissions:feed", args=[token])).status_code == 404


def test_activity_report_pdf(client_for, chair, member, commission, mission, make_user):
    from guild.commissions import services

    action = ActionFactory(mission=mission, title="Salon inauguré", status="in_progress")
    services.action_transition(actor=chair, action=action, status="done")
    response = client_for(chair).get(reverse("commissions:report", args=[commission.slug]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert (
        client_for(member).get(reverse("commissions:report", args=[commission.slug])).status_code
        == 403
    )
    board = make_user("board")
    response = client_for(board).get(reverse("commissions:report_all") + "?year=abc")
    assert response.status_code == 200


def test_my_actions_lists_owned_actions(client_for, member, action):
    response = client_for(member).get(reverse("commissions:my_actions"))
    assert action.title in response.text


def test_overdue_highlighting(client_for, member, mission):
    late = ActionFactory(
        mission=mission,
        title="En retard",
        owners=[member],
        start_date=timezone.localdate() - timedelta(days=30),
        target_date=timezone.localdate() - timedelta(days=1),
    )
    assert late.is_overdue
    response = client_for(member).get(reverse("commissions:my_actions"))
    assert "overdue" in response.text
    assert "En retard" in response.text


def test_anonymous_cannot_see_ideas(client, mission):
    idea = ActionFactory(mission=mission, status="idea")
    assert client.get(idea.get_absolute_url()).status_code == 404
    assert client.get(reverse("commissions:action", args=[99999])).status_code == 404
    assert client.get(reverse("commissions:meeting", args=[99999])).status_code == 404
    board = client.get(reverse("commissions:board", args=[mission.commission.slug]))
    assert board.status_code == 302


@pytest.mark.parametrize("url_name", ["list", "roadmap", "my_actions"])
def test_list_pages_query_count_does_not_grow(
    client_for, make_user, url_name, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner = make_user("board")
    client = client_for(owner)

    def build(n):
        for _ in range(n):
            c = CommissionFactory()
            MembershipFactory(commission=c, role="chair")
            m = MissionFactory(commission=c)
            ActionFactory(mission=m, owners=[owner])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(f"commissions:{url_name}")).status_code == 200
        return len(ctx.captured_queries)

    build(3)
    small = count()
    build(27)
    assert count() <= small


def test_board_and_detail_query_count(client_for, chair, commission, mission):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(chair)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    board = reverse("commissions:board", args=[commission.slug])
    ActionFactory.create_batch(3, mission=mission, owners=[chair])
    small_board, small_detail = count(board), count(commission.get_absolute_url())
    ActionFactory.create_batch(27, mission=mission, owners=[chair])
    assert count(board) <= small_board
    assert count(commission.get_absolute_url()) <= small_detail


def test_meeting_list_query_count(client_for, chair, commission):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(chair)
    url = reverse("commissions:meetings", args=[commission.slug])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    MeetingFactory.create_batch(3, commission=commission)
    small = count()
    MeetingFactory.create_batch(27, commission=commission)
    assert count() <= small


def test_home_page_shows_public_commissions(client, commission):
    MeetingFactory(commission=commission, title="Réunion à venir")
    CommissionFactory(name="Commission discrète", visibility="members")
    response = client.get("/")
    assert "Nos commissions" in response.text
    assert "Salon du numérique" in response.text
    assert "Commission discrète" not in response.text


def test_admin_is_read_only(rf, admin_user, commission):
    from django.contrib import admin

    from guild.commissions.models import CommissionSettings

    request = rf.get("/")
    request.user = admin_user
    for model in (Commission, CommissionSettings):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, None)
        assert not model_admin.has_delete_permission(request, None)


def test_anonymous_is_invited_to_log_in(client, commission):
    response = client.get(commission.get_absolute_url())
    assert "Connectez-vous pour rejoindre cette commission" in response.text


def test_uploaded_documents_are_served_to_those_who_may_see_them(
    client, client_for, member, mission, action
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from guild.commissions import services

    link = services.link_add(
        actor=member,
        action=action,
        kind="document",
        title="Devis",
        file=SimpleUploadedFile("devis.pdf", b"%PDF-1.4 devis"),
    )
    response = client_for(member).get(link.href)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 devis"
    client.logout()
    mission.commission.visibility = "members"
    mission.commission.save()
    assert client.get(link.href).status_code == 403
    url_link = services.link_add(
        actor=member, action=action, kind="event", title="Salon", url="https://example.org/"
    )
    assert (
        client_for(member).get(reverse("commissions:link_file", args=[url_link.pk])).status_code
        == 404
    )
