from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from guild.commissions import services
from guild.commissions.models import (
    Action,
    Commission,
    CommissionSettings,
    Horizon,
    Membership,
)
from guild.commissions.services import NotAllowed
from guild.commissions.services.base import add_months
from guild.core.models import AuditEntry
from tests.commissions.factories import (
    ActionFactory,
    CommissionFactory,
    MissionFactory,
    association_member,
)

pytestmark = pytest.mark.django_db
S = Action.Status


def test_add_months_clamps_the_day():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (0, Horizon.SHORT),
        (5, Horizon.SHORT),
        (6, Horizon.MEDIUM),
        (18, Horizon.MEDIUM),
        (19, Horizon.LONG),
    ],
)
def test_horizon_is_derived_from_the_dates(months, expected):
    start = date(2026, 1, 10)
    assert services.horizon_for(start, add_months(start, months)) == expected


def test_horizon_without_target_is_long_term():
    assert services.horizon_for(date(2026, 1, 1), None) == Horizon.LONG


def test_chair_creates_actions_across_horizons(chair, mission):
    today = timezone.localdate()
    short = services.action_create(
        actor=chair,
        mission=mission,
        title="Court",
        start_date=today,
        target_date=today + timedelta(days=30),
    )
    medium = services.action_create(
        actor=chair,
        mission=mission,
        title="Moyen",
        start_date=today,
        target_date=add_months(today, 12),
    )
    long = services.action_create(
        actor=chair, mission=mission, title="Long", target_date=add_months(today, 30)
    )
    explicit = services.action_create(
        actor=chair,
        mission=mission,
        title="Forcé",
        target_date=today + timedelta(days=10),
        horizon=Horizon.LONG,
    )
    assert [a.horizon for a in (short, medium, long, explicit)] == [
        Horizon.SHORT,
        Horizon.MEDIUM,
        Horizon.LONG,
        Horizon.LONG,
    ]
    assert explicit.horizon_explicit
    assert not short.horizon_explicit
    assert AuditEntry.objects.filter(action="commissions.action_create").count() == 4


def test_target_before_start_is_refused_and_nothing_written(chair, mission):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.action_create(
            actor=chair,
            mission=mission,
            title="À l'envers",
            start_date=today,
            target_date=today - timedelta(days=1),
        )
    assert "La date cible ne peut pas précéder la date de début." in str(exc.value)
    assert not Action.objects.exists()


def test_update_target_before_start_is_refused(chair, action):
    with pytest.raises(ValidationError):
        services.action_update(
            actor=chair, action=action, target_date=action.start_date - timedelta(days=3)
        )
    action.refresh_from_db()
    assert action.target_date > action.start_date


def test_outsider_cannot_create_an_action(outsider, mission):
    with pytest.raises(NotAllowed) as exc:
        services.action_create(actor=outsider, mission=mission, title="Intrus")
    assert "membre de cette commission" in str(exc.value.message)
    assert not Action.objects.exists()


def test_bad_numbers_and_statuses_are_refused(chair, mission):
    with pytest.raises(ValidationError):
        services.action_create(actor=chair, mission=mission, title="X", progress=120)
    with pytest.raises(ValidationError):
        services.action_create(
            actor=chair, mission=mission, title="X", planned_budget=Decimal("-1")
        )
    with pytest.raises(ValidationError):
        services.action_create(actor=chair, mission=mission, title="X", status=S.DONE)
    with pytest.raises(ValidationError):
        services.action_create(actor=chair, mission=mission, title="  ")
    assert not Action.objects.exists()


def test_update_rederives_horizon_and_owners(chair, member, action):
    far = add_months(action.start_date, 24)
    services.action_update(
        actor=chair, action=action, target_date=far, owners=[chair], title="Nouveau titre"
    )
    action.refresh_from_db()
    assert action.horizon == Horizon.LONG
    assert action.title == "Nouveau titre"
    assert list(action.owners.all()) == [chair]
    with pytest.raises(ValueError):
        services.action_update(actor=chair, action=action, status=S.DONE)
    with pytest.raises(ValidationError):
        services.action_update(actor=chair, action=action, title="")


def test_status_machine(member, action):
    action = services.action_transition(actor=member, action=action, status=S.IN_PROGRESS)
    assert action.started_at is not None
    action = services.action_transition(actor=member, action=action, status=S.DONE)
    assert action.progress == 100
    assert action.completed_at is not None
    with pytest.raises(ValidationError) as exc:
        services.action_transition(actor=member, action=action, status=S.IDEA)
    assert "ne peut pas passer" in str(exc.value)
    action = services.action_transition(actor=member, action=action, status=S.IN_PROGRESS)
    assert action.completed_at is None
    assert services.allowed_transitions(action) == [S.PLANNED, S.DONE, S.ABANDONED]


def test_abandon_needs_a_reason(member, action):
    with pytest.raises(ValidationError) as exc:
        services.action_transition(actor=member, action=action, status=S.ABANDONED)
    assert "Indiquez pourquoi" in str(exc.value)
    action.refresh_from_db()
    assert action.status == S.PLANNED
    action = services.action_transition(
        actor=member, action=action, status=S.ABANDONED, reason="Plus de budget"
    )
    assert action.abandon_reason == "Plus de budget"


def test_progress(member, action):
    services.action_set_progress(actor=member, action=action, progress=40)
    action.refresh_from_db()
    assert action.progress == 40
    with pytest.raises(ValidationError):
        services.action_set_progress(actor=member, action=action, progress=101)


def test_dependency_cycle_is_refused(member, mission, action):
    b = ActionFactory(mission=mission, title="B")
    c = ActionFactory(mission=mission, title="C")
    services.dependency_add(actor=member, action=action, depends_on=b)
    services.dependency_add(actor=member, action=b, depends_on=c)
    with pytest.raises(ValidationError) as exc:
        services.dependency_add(actor=member, action=c, depends_on=action)
    assert "cycle" in str(exc.value)
    assert not c.depends_on.exists()
    with pytest.raises(ValidationError):
        services.dependency_add(actor=member, action=action, depends_on=action)
    services.dependency_remove(actor=member, action=action, depends_on=b)
    assert not action.depends_on.exists()


def test_milestones_indicators_links(member, action):
    from django.core.files.uploadedfile import SimpleUploadedFile

    m = services.milestone_add(
        actor=member, action=action, title="Contrat signé", due_date=action.start_date
    )
    assert services.milestone_toggle(actor=member, milestone=m).done_at is not None
    assert services.milestone_toggle(actor=member, milestone=m).done_at is None
    with pytest.raises(ValidationError):
        services.milestone_add(
            actor=member,
            action=action,
            title="Trop tôt",
            due_date=action.start_date - timedelta(days=1),
        )
    ind = services.indicator_save(
        actor=member,
        action=action,
        name="Exposants",
        target_value=Decimal("60"),
        current_value=Decimal("15"),
    )
    assert ind.percent == 25
    link = services.link_add(
        actor=member,
        action=action,
        kind="event",
        title="Salon 2027",
        url="https://example.org/salon",
    )
    assert link.href == "https://example.org/salon"
    doc = services.link_add(
        actor=member,
        action=action,
        kind="document",
        title="Devis",
        file=SimpleUploadedFile("devis.pdf", b"%PDF-1.4 test"),
    )
    assert doc.href == f"/commissions/links/{doc.pk}/file/"
    assert doc.file.name.endswith("/devis.pdf")
    with pytest.raises(ValidationError):
        services.link_add(actor=member, action=action, kind="document", title="Rien")
    with pytest.raises(ValidationError):
        services.link_add(
            actor=member,
            action=action,
            kind="document",
            title="Exe",
            file=SimpleUploadedFile("virus.exe", b"MZ"),
        )
    services.link_remove(actor=member, link=doc)
    assert action.links.count() == 1


def test_comment_mentions_notify_by_email(
    member, chair, action, django_capture_on_commit_callbacks
):
    from guild.core.models import OutgoingEmail

    handle = services.mention_handle(chair)
    assert handle == "claire.president"
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_add(
            actor=member,
            action=action,
            body=f"@{handle} peux-tu relire l'ordre <b>du jour</b> ? @{member.email}",
        )
    assert list(comment.mentioned.all()) == [chair]
    email = OutgoingEmail.objects.get(to=chair.email)
    assert "Marc Membre" in email.subject
    assert "relire l'ordre <b>du jour</b>" in email.body_text
    assert "<b>du jour</b>" not in email.body_html
    with pytest.raises(ValidationError):
        services.comment_add(actor=member, action=action, body="   ")


def test_join_with_approval_then_open(
    outsider, chair, commission, django_capture_on_commit_callbacks
):
    from guild.core.models import OutgoingEmail

    with django_capture_on_commit_callbacks(execute=True):
        membership = services.commission_join(actor=outsider, commission=commission)
    assert membership.status == Membership.Status.PENDING
    assert OutgoingEmail.objects.filter(to=chair.email).exists()
    assert not outsider.has_perm("commissions.contribute", commission)
    with pytest.raises(ValidationError):
        services.commission_join(actor=outsider, commission=commission)
    with pytest.raises(NotAllowed):
        services.membership_decide(actor=outsider, membership=membership, approve=True)
    services.membership_decide(actor=chair, membership=membership, approve=True)
    assert outsider.has_perm("commissions.contribute", commission)
    with pytest.raises(ValidationError):
        services.membership_decide(actor=chair, membership=membership, approve=True)
    with pytest.raises(ValidationError):
        services.commission_join(actor=outsider, commission=commission)


def test_open_join_reject_and_archive(make_user, staff_user):
    open_one = CommissionFactory(join_policy=Commission.JoinPolicy.OPEN)
    person = association_member(make_user())
    assert services.commission_join(actor=person, commission=open_one).status == "active"
    other = association_member(make_user())
    closed = CommissionFactory()
    pending = services.commission_join(actor=other, commission=closed)
    assert services.membership_decide(actor=staff_user, membership=pending, approve=False) is None
    services.commission_archive(actor=staff_user, commission=closed)
    with pytest.raises(NotAllowed):
        services.commission_join(actor=other, commission=closed)
    assert not staff_user.has_perm("commissions.contribute", closed)
    services.commission_archive(actor=staff_user, commission=closed, archived=False)
    assert closed.archived_at is None


def test_can_join_hook_refuses_inactive(make_user, commission):
    person = association_member(make_user(is_active=False))
    assert services.can_join(person) is False
    with pytest.raises(NotAllowed):
        services.commission_join(actor=person, commission=commission)


def test_only_members_in_good_standing_may_join(non_member, commission):
    """An account without a membership in good standing cannot take a seat in a commission,
    and a lapsed membership loses the right."""
    from guild.commissions.models import Membership as CommissionMembership
    from guild.members.models import Membership

    commission.join_policy = Commission.JoinPolicy.OPEN
    commission.save()
    with pytest.raises(NotAllowed) as refused:
        services.commission_join(actor=non_member, commission=commission)
    assert "Seuls les adhérents" in str(refused.value.args[0])
    assert not CommissionMembership.objects.filter(user=non_member).exists()

    association_member(non_member)
    assert services.can_join(non_member) is True
    Membership.objects.filter(person__user=non_member).update(status="lapsed")
    assert services.can_join(non_member) is False


def test_commission_create_update_and_roles(staff_user, make_user, outsider):
    chair = make_user()
    commission = services.commission_create(actor=staff_user, name="Formation", chairs=[chair])
    assert commission.slug == "formation"
    assert chair.has_perm("commissions.change_commission", commission)
    with pytest.raises(ValidationError):
        services.commission_create(actor=staff_user, name="formation")
    with pytest.raises(NotAllowed):
        services.commission_create(actor=outsider, name="Autre")
    services.commission_update(
        actor=chair, commission=commission, name="Formation pro", visibility="public"
    )
    assert commission.is_public
    other = services.commission_create(actor=staff_user, name="Roadmap")
    assert other.slug != "roadmap"
    with pytest.raises(ValidationError):
        services.commission_update(actor=staff_user, commission=other, name="Formation pro")
    m = services.membership_add(
        actor=chair, commission=commission, user=outsider, role=Membership.Role.CO_CHAIR
    )
    assert outsider.has_perm("commissions.change_commission", commission)
    services.membership_remove(actor=chair, membership=m)
    assert not outsider.has_perm("commissions.change_commission", commission)


def test_mission_save(chair, commission, outsider):
    mission = services.mission_save(
        actor=chair, commission=commission, title="Mission", objectives="- Un\n- Deux\n"
    )
    assert mission.objective_list == ["Un", "Deux"]
    services.mission_save(actor=chair, commission=commission, mission=mission, title="Renommée")
    mission.refresh_from_db()
    assert mission.title == "Renommée"
    with pytest.raises(NotAllowed):
        services.mission_save(actor=outsider, commission=commission, title="Non")


def test_settings_update_rederives_horizons(staff_user, chair, mission):
    today = timezone.localdate()
    action = services.action_create(
        actor=chair,
        mission=mission,
        title="Sept mois",
        start_date=today,
        target_date=add_months(today, 7),
    )
    assert action.horizon == Horizon.MEDIUM
    services.settings_update(
        actor=staff_user, short_max_months=9, medium_max_months=24, reminder_days=7
    )
    action.refresh_from_db()
    assert action.horizon == Horizon.SHORT
    with pytest.raises(ValidationError):
        services.settings_update(
            actor=staff_user, short_max_months=9, medium_max_months=9, reminder_days=7
        )
    with pytest.raises(NotAllowed):
        services.settings_update(
            actor=chair, short_max_months=3, medium_max_months=9, reminder_days=7
        )
    assert CommissionSettings.load().short_max_months == 9


def test_board_sees_but_does_not_manage(make_user, commission):
    board = make_user("board")
    private = CommissionFactory(visibility=Commission.Visibility.MEMBERS)
    assert board.has_perm("commissions.view_commission", private)
    assert board.has_perm("commissions.view_report", private)
    assert not board.has_perm("commissions.change_commission", commission)


def test_mission_move_to_another_commission_needs_membership(chair, action):
    elsewhere = MissionFactory()
    with pytest.raises(NotAllowed):
        services.action_update(actor=chair, action=action, mission=elsewhere)
