from datetime import date, timedelta

import pytest
from django.utils import timezone

from guild.commissions import services, tasks
from guild.commissions.models import Action, Membership
from guild.commissions.services.reporting import previous_quarter
from guild.core.models import OutgoingEmail
from guild.core.scheduling import jobs
from tests.commissions.factories import ActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_reminders_are_sent_once(member, mission):
    today = timezone.localdate()
    ActionFactory(
        mission=mission, title="Bientôt", owners=[member], target_date=today + timedelta(days=5)
    )
    ActionFactory(
        mission=mission, title="Plus tard", owners=[member], target_date=today + timedelta(days=60)
    )
    ActionFactory(
        mission=mission,
        title="Finie",
        owners=[member],
        status="done",
        target_date=today + timedelta(days=2),
    )
    assert services.send_reminders(today) == 1
    assert services.send_reminders(today) == 0
    email = OutgoingEmail.objects.get()
    assert "Échéance proche" in email.subject
    assert "Bientôt" in email.subject


def test_overdue_reminder(member, mission, make_user):
    today = timezone.localdate()
    gone = make_user(is_active=False)
    ActionFactory(
        mission=mission,
        title="En retard",
        owners=[member, gone],
        start_date=today - timedelta(days=30),
        target_date=today - timedelta(days=1),
    )
    assert services.send_reminders(today) == 1
    assert "Action en retard" in OutgoingEmail.objects.get().subject


def test_previous_quarter():
    assert previous_quarter(date(2026, 1, 5))[:2] == (2025, 4)
    assert previous_quarter(date(2026, 1, 5))[2:] == (date(2025, 10, 1), date(2025, 12, 31))
    assert previous_quarter(date(2026, 8, 1))[2:] == (date(2026, 4, 1), date(2026, 6, 30))


def test_quarterly_digest_to_chairs_and_board(chair, member, make_user, mission):
    board = make_user("board")
    action = ActionFactory(mission=mission, title="Faite", status="in_progress")
    services.action_transition(actor=chair, action=action, status="done")
    MeetingFactory(commission=mission.commission)
    next_quarter = timezone.localdate() + timedelta(days=95)
    assert services.send_quarterly_digest(next_quarter) == 2
    assert services.send_quarterly_digest(next_quarter) == 0
    recipients = set(OutgoingEmail.objects.values_list("to", flat=True))
    assert recipients == {chair.email, board.email}
    body = OutgoingEmail.objects.get(to=board.email).body_text
    assert "Salon du numérique" in body


def test_periodic_jobs_are_registered_and_run(member, mission):
    names = {job.name for job in jobs()}
    assert {"commissions.reminders", "commissions.digest"} <= names
    ActionFactory(
        mission=mission, owners=[member], target_date=timezone.localdate() + timedelta(days=1)
    )
    tasks.enqueue_reminders()
    tasks.enqueue_digest()
    assert OutgoingEmail.objects.filter(to=member.email).exists()


def test_activity_report_lists_actions_by_horizon(chair, mission, member):
    from guild.commissions import selectors
    from guild.commissions.models import Attendance, Commission

    action = ActionFactory(
        mission=mission, title="Inauguration", status="in_progress", horizon="medium"
    )
    ActionFactory(mission=mission, title="Idée lointaine", status="idea")
    meeting = MeetingFactory(commission=mission.commission)
    Attendance.objects.create(meeting=meeting, user=member, status="present")
    data = selectors.report_data(
        timezone.localdate().year, Commission.objects.filter(pk=mission.commission_id)
    )
    section = data[0]
    medium = next(g for g in section["horizons"] if g["horizon"] == "medium")
    assert medium["in_progress"] == [action]
    assert section["in_progress_count"] == 1
    assert section["meetings"][0].present == 1
    pdf = services.activity_report_pdf(
        year=timezone.localdate().year, commissions=Commission.objects.all()
    )
    assert pdf.startswith(b"%PDF")


def test_ics_invitation_and_feed(chair, commission):
    from icalendar import Calendar

    from guild.commissions import ics

    meeting = MeetingFactory(commission=commission, video_url="https://visio.example.org/x")
    meeting.agenda_items.create(title="Budget", position=1)
    cal = Calendar.from_ical(ics.invitation(meeting, chair, "asso@example.org"))
    assert cal["METHOD"] == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert "Budget" in str(event["DESCRIPTION"])
    assert str(event["UID"]).endswith("@guild")
    assert "mailto:" + chair.email in str(event["ATTENDEE"])


def test_privacy_export_and_erase(member, action):
    from guild.commissions import privacy

    services.comment_add(actor=member, action=action, body="Mon avis")
    services.calendar_token_get(user=member)
    data = privacy.export(member)
    assert data["memberships"][0]["commission"] == "Salon du numérique"
    assert data["owned_actions"] == ["Trouver un lieu"]
    assert data["comments"][0]["body"] == "Mon avis"
    privacy.erase(member)
    assert not Membership.objects.filter(user=member).exists()
    assert action.comments.get().author is None
    assert not member.commission_feeds.exists()


def test_calendar_token_is_stable_until_revoked(member):
    first = services.calendar_token_get(user=member)
    assert services.calendar_token_get(user=member) == first
    second = services.calendar_token_revoke(user=member)
    assert second.token != first.token


def test_attendance_for_strangers_is_refused(chair, commission, outsider):
    from django.core.exceptions import ValidationError

    meeting = MeetingFactory(commission=commission)
    with pytest.raises(ValidationError):
        services.attendance_record(actor=chair, meeting=meeting, statuses={outsider.pk: "present"})
    assert not meeting.attendances.exists()
    services.attendance_record(actor=chair, meeting=meeting, statuses={chair.pk: "present"})
    services.attendance_record(actor=chair, meeting=meeting, statuses={chair.pk: ""})
    assert not meeting.attendances.exists()


def test_meeting_bad_input(chair, commission, mission):
    from django.core.exceptions import ValidationError

    from tests.commissions.factories import MissionFactory

    start = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError):
        services.meeting_save(
            actor=chair,
            commission=commission,
            title="R",
            starts_at=start,
            ends_at=start - timedelta(hours=1),
            location="Ici",
        )
    meeting = services.meeting_save(
        actor=chair,
        commission=commission,
        title="R",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        location="Ici",
        agenda="A\nB",
    )
    with pytest.raises(ValidationError):
        services.action_create_from_minutes(
            actor=chair, meeting=meeting, mission=MissionFactory(), title="X"
        )
    assert not Action.objects.exists()


def test_demo_seed_is_idempotent(make_user):
    from io import StringIO

    from guild.commissions import demo
    from guild.commissions.models import Commission
    from guild.core.demo import DemoContext

    ctx = DemoContext(stdout=StringIO())
    ctx.shared["users"] = {
        "staff": make_user("staff"),
        "board": make_user("board"),
        "secretary": make_user("secretary"),
        "treasurer": make_user("treasurer"),
        "member": make_user(),
    }
    demo.seed(ctx)
    counts = (Commission.objects.count(), Action.objects.count())
    assert counts[0] == 5
    assert counts[1] >= 30
    assert set(Action.objects.values_list("horizon", flat=True)) == {"short", "medium", "long"}
    assert set(Action.objects.values_list("status", flat=True)) == set(Action.Status.values)
    demo.seed(ctx)
    assert (Commission.objects.count(), Action.objects.count()) == counts
    empty = DemoContext(stdout=StringIO())
    demo.seed(empty)
