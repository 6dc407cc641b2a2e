"""Dues reminders (schedule, periodic job, sent once) and the dues-call progress screen."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from guild.billing.models import Invoice
from guild.billing.services import payment_record
from guild.core.models import OutgoingEmail
from guild.core.scheduling import jobs
from guild.members.dues_call import dues_reminders_send, reminder_step_due
from guild.members.models import DuesCallRun, DuesReminderStep, Person
from guild.members.services import membership_apply, membership_approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule(db):
    DuesReminderStep.objects.all().delete()
    return [DuesReminderStep.objects.create(offset_days=d) for d in (-30, 0, 15, 30)]


def _invoiced(category, n=1):
    invoices = []
    for i in range(n):
        person = Person.objects.create(
            first_name="Nina", last_name=f"Roux {i}", email=f"nina{i}@example.fr"
        )
        membership = membership_apply(actor=None, category=category, person=person)
        membership_approve(actor=None, membership=membership)
        invoices.append(Invoice.objects.get(source_id__startswith=f"{membership.pk}:"))
    return invoices


def _reminders():
    return OutgoingEmail.objects.filter(dedupe_key__startswith="dues-reminder:")


def test_latest_step_whose_day_has_come():
    due = timezone.localdate()
    offsets = [-30, 0, 15, 30]
    assert reminder_step_due(due, offsets, due - timedelta(days=31)) is None
    assert reminder_step_due(due, offsets, due - timedelta(days=30)) == -30
    assert reminder_step_due(due, offsets, due) == 0
    assert reminder_step_due(due, offsets, due + timedelta(days=20)) == 15
    assert reminder_step_due(due, offsets, due + timedelta(days=400)) == 30


def test_each_reminder_is_sent_once_and_paid_invoices_are_not_reminded(schedule, person_category):
    unpaid, paid = _invoiced(person_category, n=2)
    payment_record(
        actor=None, invoice=paid, amount=paid.total_gross, method="cheque", reference="0001234"
    )
    due = unpaid.due_date
    assert dues_reminders_send(today=due - timedelta(days=31)) == 0
    assert dues_reminders_send(today=due - timedelta(days=30)) == 1
    assert dues_reminders_send(today=due - timedelta(days=29)) == 0  # same step: not again
    assert dues_reminders_send(today=due + timedelta(days=20)) == 1  # step +15, 0 skipped
    assert dues_reminders_send(today=due + timedelta(days=20)) == 0
    keys = sorted(_reminders().values_list("dedupe_key", flat=True))
    year = unpaid.source_id.partition(":")[2]
    assert keys == sorted(
        [f"dues-reminder:{year}:{unpaid.number}:-30", f"dues-reminder:{year}:{unpaid.number}:+15"]
    )
    assert all(e.to == unpaid.customer_email for e in _reminders())
    overdue = _reminders().get(dedupe_key__endswith=":+15")
    assert overdue.subject.startswith("Relance : cotisation")
    assert "n’a pas encore été réglée" in overdue.body_text
    early = _reminders().get(dedupe_key__endswith=":-30")
    assert early.subject.startswith("Rappel : cotisation")


def test_inactive_steps_and_empty_schedule_send_nothing(schedule, person_category):
    (invoice,) = _invoiced(person_category)
    DuesReminderStep.objects.update(active=False)
    assert dues_reminders_send(today=invoice.due_date + timedelta(days=40)) == 0
    assert not _reminders().exists()


def test_reminder_job_is_registered():
    assert "members.dues_reminders" in {job.name for job in jobs()}


def test_treasurer_edits_the_schedule(client, make_user, schedule):
    client.force_login(make_user("staff"))
    assert client.post(reverse("members:staff_reminder_add"), {"offset_days": 7}).status_code == 403
    client.force_login(make_user("treasurer"))
    page = client.get(reverse("members:staff_dues")).content.decode()
    assert "30 jours avant l’échéance" in page and "15 jours après l’échéance" in page
    client.post(reverse("members:staff_reminder_add"), {"offset_days": 7})
    assert DuesReminderStep.objects.filter(offset_days=7, active=True).exists()
    response = client.post(reverse("members:staff_reminder_add"), {"offset_days": 7}, follow=True)
    assert "figure déjà au calendrier" in response.content.decode()
    response = client.post(reverse("members:staff_reminder_add"), {"offset_days": 900}, follow=True)
    assert "365" in response.content.decode()
    assert not DuesReminderStep.objects.filter(offset_days=900).exists()
    step = DuesReminderStep.objects.get(offset_days=0)
    client.post(reverse("members:staff_reminder_remove", args=[step.pk]))
    step.refresh_from_db()
    assert not step.active


def test_dues_call_runs_in_the_background_with_progress(
    client, make_user, person_category, django_capture_on_commit_callbacks
):
    _invoiced(person_category, n=2)
    treasurer = make_user("treasurer")
    client.force_login(treasurer)
    year = timezone.localdate().year + 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:staff_dues"), {"year": year})
    run = DuesCallRun.objects.get()
    assert response.url == reverse("members:staff_dues_run", args=[run.pk])
    run.refresh_from_db()
    assert run.status == DuesCallRun.Status.DONE  # the immediate task backend ran it
    assert (run.due_count, run.invoiced, run.emailed) == (2, 2, 2)
    page = client.get(response.url).content.decode()
    assert "Appel de cotisations" in page and "<progress" in page
    partial = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="dues-progress"')
    assert "<html" not in partial
    assert "hx-get" not in partial  # finished: polling stops

    # Bad year: clear French error, nothing launched.
    response = client.post(reverse("members:staff_dues"), {"year": 1999})
    assert "Choisissez" in response.content.decode()
    assert DuesCallRun.objects.count() == 1


def test_dues_call_emails_are_sent_by_one_task_per_chunk_once(
    person_category, mailoutbox, django_capture_on_commit_callbacks
):
    from guild.members.dues_call import dues_call_run
    from guild.members.tasks import dues_emails_send

    _invoiced(person_category, n=3)
    mailoutbox.clear()
    year = timezone.localdate().year + 1
    with django_capture_on_commit_callbacks(execute=True):
        dues_call_run(actor=None, year=year)
    calls = OutgoingEmail.objects.filter(dedupe_key__startswith="dues-call:")
    assert calls.count() == 3
    assert set(calls.values_list("status", flat=True)) == {OutgoingEmail.Status.SENT}
    assert len(mailoutbox) == 3
    dues_emails_send.call(list(calls.values_list("pk", flat=True)))  # run twice: never resent
    assert len(mailoutbox) == 3
