"""Writes on commissions, missions, memberships and the app settings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from guild.commissions.models import (
    Action,
    Commission,
    CommissionSettings,
    Membership,
    Mission,
)
from guild.commissions.rules import forget_memberships, is_association_member
from guild.commissions.services.base import NOT_A_CHAIR, NotAllowed, horizon_for, require
from guild.core.audit import audit_log

COMMISSION_FIELDS = ("name", "description", "visibility", "join_policy")


def can_join(user) -> bool:
    """May this person join a commission? Only members of the association in good standing
    (their own membership, or a seat on their organisation's)."""
    return is_association_member(user)


# First path segments under /commissions/ that are pages, not commissions.
RESERVED_SLUGS = {
    "new",
    "roadmap",
    "my-actions",
    "calendar",
    "report",
    "actions",
    "meetings",
    "milestones",
    "indicators",
    "links",
}


def _unique_slug(name: str, exclude_pk=None) -> str:
    base = slugify(name)[:70] or "commission"
    if base in RESERVED_SLUGS:
        base = f"{base}-commission"
    slug, n = base, 2
    qs = Commission.objects.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def commission_create(
    *, actor, name: str, description: str = "", visibility=None, join_policy=None, chairs=()
) -> Commission:
    require(actor, "commissions.add_commission")
    name = name.strip()
    if Commission.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("A commission with this name already exists.")})
    with transaction.atomic():
        commission = Commission.objects.create(
            name=name,
            slug=_unique_slug(name),
            description=description,
            visibility=visibility or Commission.Visibility.MEMBERS,
            join_policy=join_policy or Commission.JoinPolicy.APPROVAL,
        )
        for chair in chairs:
            Membership.objects.create(
                commission=commission,
                user=chair,
                role=Membership.Role.CHAIR,
                joined_at=timezone.now(),
            )
        audit_log(
            actor=actor,
            action="commissions.commission_create",
            target=commission,
            data={"chairs": [c.pk for c in chairs], "visibility": commission.visibility},
        )
    return commission


def commission_update(*, actor, commission: Commission, **data) -> Commission:
    require(actor, "commissions.change_commission", commission, NOT_A_CHAIR)
    name = data.get("name", commission.name).strip()
    if Commission.objects.filter(name__iexact=name).exclude(pk=commission.pk).exists():
        raise ValidationError({"name": _("A commission with this name already exists.")})
    with transaction.atomic():
        changed = {}
        for field in COMMISSION_FIELDS:
            if field in data and getattr(commission, field) != data[field]:
                changed[field] = data[field]
                setattr(commission, field, data[field])
        commission.save()
        audit_log(
            actor=actor,
            action="commissions.commission_update",
            target=commission,
            data={"changed": sorted(changed)},
        )
    return commission


def commission_archive(*, actor, commission: Commission, archived: bool = True) -> Commission:
    require(actor, "commissions.change_commission", commission, NOT_A_CHAIR)
    with transaction.atomic():
        commission.archived_at = timezone.now() if archived else None
        commission.save(update_fields=["archived_at"])
        audit_log(
            actor=actor,
            action="commissions.commission_archive"
            if archived
            else "commissions.commission_restore",
            target=commission,
        )
    return commission


def commission_join(*, actor, commission: Commission) -> Membership:
    """Join at once (open commission) or ask to join (a chair approves the request)."""
    if commission.is_archived:
        raise NotAllowed(_("This commission is archived: it no longer takes new members."))
    if not can_join(actor):
        raise NotAllowed(_("Only members of the association may join a commission."))
    existing = Membership.objects.filter(commission=commission, user=actor).first()
    if existing is not None:
        if existing.status == Membership.Status.PENDING:
            raise ValidationError(_("Your request to join is already waiting for a chair."))
        raise ValidationError(_("You are already a member of this commission."))
    is_open = commission.join_policy == Commission.JoinPolicy.OPEN
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                commission=commission,
                user=actor,
                status=Membership.Status.ACTIVE if is_open else Membership.Status.PENDING,
                joined_at=timezone.now() if is_open else None,
            )
            audit_log(
                actor=actor,
                action="commissions.member_join" if is_open else "commissions.member_request",
                target=commission,
            )
            if not is_open:
                transaction.on_commit(lambda: _notify_chairs_of_request(membership.pk))
    except IntegrityError as exc:  # a double click racing itself
        raise ValidationError(_("You are already a member of this commission.")) from exc
    forget_memberships(actor)
    return membership


def _notify_chairs_of_request(membership_id: int) -> None:
    from guild.core.outbox import email_queue

    membership = Membership.objects.select_related("commission", "user").get(pk=membership_id)
    chairs = Membership.objects.filter(
        commission=membership.commission,
        status=Membership.Status.ACTIVE,
        role__in=[Membership.Role.CHAIR, Membership.Role.CO_CHAIR],
    ).select_related("user")
    for chair in chairs:
        email_queue(
            to=chair.user.email,
            template="commissions/email/join_request",
            context={
                "membership": membership,
                "commission": membership.commission,
                "chair": chair.user,
            },
            language=chair.user.language,
            category="commissions",
            dedupe_key=f"commissions:join-request:{membership.pk}:{chair.user_id}",
        )


def membership_decide(*, actor, membership: Membership, approve: bool) -> Membership | None:
    commission = membership.commission
    require(actor, "commissions.change_commission", commission, NOT_A_CHAIR)
    if membership.status != Membership.Status.PENDING:
        raise ValidationError(_("This request has already been handled."))
    with transaction.atomic():
        if approve:
            membership.status = Membership.Status.ACTIVE
            membership.joined_at = timezone.now()
            membership.save(update_fields=["status", "joined_at"])
        else:
            membership.delete()
        audit_log(
            actor=actor,
            action="commissions.member_approve" if approve else "commissions.member_reject",
            target=commission,
            data={"user": membership.user_id},
        )
    forget_memberships(membership.user)
    return membership if approve else None


def membership_add(*, actor, commission: Commission, user, role=Membership.Role.MEMBER):
    require(actor, "commissions.change_commission", commission, NOT_A_CHAIR)
    with transaction.atomic():
        membership, _created = Membership.objects.update_or_create(
            commission=commission,
            user=user,
            defaults={"role": role, "status": Membership.Status.ACTIVE},
        )
        if membership.joined_at is None:
            membership.joined_at = timezone.now()
            membership.save(update_fields=["joined_at"])
        audit_log(
            actor=actor,
            action="commissions.member_set_role",
            target=commission,
            data={"user": user.pk, "role": role},
        )
    forget_memberships(user)
    return membership


def membership_remove(*, actor, membership: Membership) -> None:
    commission = membership.commission
    if membership.user_id != actor.pk:
        require(actor, "commissions.change_commission", commission, NOT_A_CHAIR)
    with transaction.atomic():
        membership.delete()
        audit_log(
            actor=actor,
            action="commissions.member_remove",
            target=commission,
            data={"user": membership.user_id},
        )
    forget_memberships(membership.user)


def mission_save(
    *,
    actor,
    commission: Commission,
    mission: Mission | None = None,
    title: str,
    description: str = "",
    objectives: str = "",
) -> Mission:
    require(actor, "commissions.change_mission", commission, NOT_A_CHAIR)
    with transaction.atomic():
        if mission is None:
            mission = Mission(commission=commission, position=commission.missions.count() + 1)
        mission.title = title.strip()
        mission.description = description
        mission.objectives = objectives
        created = mission.pk is None
        mission.save()
        audit_log(
            actor=actor,
            action="commissions.mission_create" if created else "commissions.mission_update",
            target=mission,
            data={"commission": commission.pk},
        )
    return mission


def settings_update(
    *, actor, short_max_months: int, medium_max_months: int, reminder_days: int
) -> CommissionSettings:
    """Change the thresholds and re-derive the horizon of every action not set by hand."""
    require(actor, "commissions.change_settings")
    if medium_max_months <= short_max_months:
        raise ValidationError(
            {
                "medium_max_months": _(
                    "The medium-term limit must be longer than the short-term limit."
                )
            }
        )
    with transaction.atomic():
        config = CommissionSettings.load()
        config.short_max_months = short_max_months
        config.medium_max_months = medium_max_months
        config.reminder_days = reminder_days
        config.save()
        updated = 0
        for action in Action.objects.filter(horizon_explicit=False).only(
            "pk", "target_date", "horizon", "created_at"
        ):
            planned_on = timezone.localdate(action.created_at)
            horizon = horizon_for(planned_on, action.target_date, config)
            if horizon != action.horizon:
                Action.objects.filter(pk=action.pk).update(horizon=horizon)
                updated += 1
        audit_log(
            actor=actor,
            action="commissions.settings_update",
            target=config,
            data={
                "short": short_max_months,
                "medium": medium_max_months,
                "reminder_days": reminder_days,
                "actions_updated": updated,
            },
        )
    return config
