"""General assemblies: preparation, convocation with a frozen roll, proxies, attendance."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.core.outbox import Attachment, email_queue
from guild.governance.models import (
    AgendaItem,
    Assembly,
    AssemblyDocument,
    Attendance,
    Proxy,
    Voter,
)
from guild.members.constants import MembershipStatus
from guild.members.models import Membership, MembershipEvent, Seat

__all__ = [
    "assembly_create",
    "agenda_item_add",
    "document_add",
    "roll_compute",
    "assembly_convene",
    "convocations_send",
    "proxy_give",
    "proxy_revoke",
    "attendance_mark",
    "assembly_open",
    "assembly_close",
    "assembly_ical",
]

ST = Assembly.Status
FOUR = Decimal("0.0001")


def assembly_create(
    *,
    actor,
    title: str,
    kind: str,
    starts_at,
    ends_at,
    location: str,
    remote_url: str = "",
    second_convocation: bool = False,
) -> Assembly:
    if ends_at <= starts_at:
        raise ValidationError(_("An assembly must end after it starts."))
    with transaction.atomic():
        assembly = Assembly.objects.create(
            title=title,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            location=location,
            remote_url=remote_url,
            second_convocation=second_convocation,
        )
        audit_log(
            actor=actor,
            action="governance.assembly_created",
            target=assembly,
            data={"kind": kind, "starts_at": starts_at},
        )
        return assembly


def _editable(assembly):
    assembly.refresh_from_db(fields=["status"])
    if assembly.status not in {ST.DRAFT, ST.CONVENED}:
        raise ValidationError(_("The assembly is in session or closed: its agenda is final."))


def agenda_item_add(*, actor, assembly, title: str, description: str = "") -> AgendaItem:
    _editable(assembly)
    with transaction.atomic():
        item = AgendaItem.objects.create(
            assembly=assembly,
            title=title,
            description=description,
            position=assembly.agenda.count() + 1,
        )
        audit_log(
            actor=actor,
            action="governance.agenda_item_added",
            target=assembly,
            data={"title": title},
        )
        return item


def document_add(*, actor, assembly, title: str, file) -> AssemblyDocument:
    _editable(assembly)
    with transaction.atomic():
        document = AssemblyDocument.objects.create(assembly=assembly, title=title, file=file)
        audit_log(
            actor=actor,
            action="governance.document_added",
            target=assembly,
            data={"title": title, "file": document.file.name},
        )
        return document


def _months_back(day, months):
    from guild.governance.services.admissions import _months_ago

    return _months_ago(day, months)


def _since_by_membership(ids) -> dict[int, object]:
    """member_since for many memberships in one query (same rule as members.selectors)."""
    since: dict[int, object] = {}
    rows = (
        MembershipEvent.objects.filter(membership_id__in=ids)
        .order_by("membership_id", "at", "id")
        .values_list("membership_id", "to_status", "at")
    )
    for membership_id, to_status, at in rows:
        if to_status == MembershipStatus.ACTIVE and since.get(membership_id) is None:
            since[membership_id] = at.date()
        elif to_status in {
            MembershipStatus.LAPSED,
            MembershipStatus.RESIGNED,
            MembershipStatus.EXCLUDED,
        }:
            since[membership_id] = None
    return since


def roll_compute(policy, *, on) -> list[Voter]:
    """Unsaved roll lines: active, past probation, voting category; weights after caps.

    Reads plain values (no model instances) so that a roll of thousands freezes in a blink.
    """
    rows = list(
        Membership.objects.filter(status=MembershipStatus.ACTIVE, category__voting=True).values(
            "pk",
            "organisation_id",
            "organisation__legal_name",
            "organisation__trade_name",
            "organisation__group_id",
            "person_id",
            "person__first_name",
            "person__last_name",
            "person__email",
            "person__user_id",
            "person__user__email",
            "contact_id",
            "contact__email",
            "contact__user_id",
            "contact__user__email",
            "category__college__name",
            "category__college__weight",
        )
    )
    since = _since_by_membership([row["pk"] for row in rows])
    limit = _months_back(on, policy.probation_months)
    managers = {}
    for seat in (
        Seat.objects.filter(
            role="manager", removed_at__isnull=True, membership_id__in=[row["pk"] for row in rows]
        )
        .order_by("added_at")
        .values(
            "membership_id", "person_id", "person__email", "person__user_id", "person__user__email"
        )
    ):
        managers.setdefault(seat["membership_id"], seat)
    voters = []
    for row in rows:
        start = since.get(row["pk"])
        if start is None or start > limit:
            continue
        if row["organisation_id"]:
            name = row["organisation__trade_name"] or row["organisation__legal_name"]
        else:
            name = f"{row['person__first_name']} {row['person__last_name']}".strip()
        for prefix, source in (("person", row), ("contact", row)):
            if source[f"{prefix}_id"]:
                rep = {
                    "id": source[f"{prefix}_id"],
                    "email": source[f"{prefix}__email"],
                    "user": source[f"{prefix}__user_id"],
                    "user_email": source[f"{prefix}__user__email"],
                }
                break
        else:
            seat = managers.get(row["pk"])
            rep = (
                {
                    "id": seat["person_id"],
                    "email": seat["person__email"],
                    "user": seat["person__user_id"],
                    "user_email": seat["person__user__email"],
                }
                if seat
                else {"id": None, "email": "", "user": None, "user_email": ""}
            )
        weight = Decimal(row["category__college__weight"] or 1).quantize(FOUR)
        voters.append(
            Voter(
                membership_id=row["pk"],
                name=(name or "?")[:255],
                representative_id=rep["id"],
                user_id=rep["user"],
                email=rep["email"] or rep["user_email"] or "",
                college=row["category__college__name"] or "",
                group_id_key=row["organisation__group_id"],
                base_weight=weight,
                weight=weight,
            )
        )
    total = sum((v.base_weight for v in voters), Decimal(0))
    cap = (total * policy.group_vote_cap_percent / 100).quantize(FOUR, ROUND_DOWN)
    groups: dict[int, Decimal] = {}
    for voter in voters:
        if voter.group_id_key:
            groups[voter.group_id_key] = groups.get(voter.group_id_key, 0) + voter.base_weight
    for voter in voters:
        group_total = groups.get(voter.group_id_key)
        if group_total and group_total > cap:
            voter.weight = (voter.base_weight * cap / group_total).quantize(FOUR, ROUND_DOWN)
            voter.capped = True
    return voters


def assembly_ical(assembly) -> bytes:
    from django.conf import settings
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Guild//gouvernance//FR")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"assembly-{assembly.pk}@{settings.SITE_URL.split('//')[-1]}")
    event.add("summary", assembly.title)
    event.add("dtstart", assembly.starts_at)
    event.add("dtend", assembly.ends_at)
    event.add("dtstamp", timezone.now())
    event.add("location", assembly.location)
    if assembly.remote_url:
        event.add("url", assembly.remote_url)
    cal.add_component(event)
    return cal.to_ical()


def assembly_convene(*, actor, assembly: Assembly) -> int:
    """Freeze the roll and send the notices (from a task), at least the notice period ahead."""
    from guild.governance.selectors import current_policy

    policy = current_policy()
    with transaction.atomic():
        assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
        if assembly.status != ST.DRAFT:
            raise ValidationError(_("This assembly has already been convened."))
        if assembly.starts_at - timezone.now() < timedelta(days=policy.notice_days):
            raise ValidationError(
                _(
                    "The bylaws require %(n)s days' notice: convene by %(date)s at the latest "
                    "or move the assembly."
                )
                % {
                    "n": policy.notice_days,
                    "date": timezone.localtime(
                        assembly.starts_at - timedelta(days=policy.notice_days)
                    ).strftime("%d/%m/%Y %H:%M"),
                }
            )
        if not assembly.agenda.exists():
            raise ValidationError(_("Add the agenda before convening."))
        voters = roll_compute(policy, on=timezone.localdate())
        for voter in voters:
            voter.assembly = assembly
        Voter.objects.bulk_create(voters, batch_size=2000)
        assembly.status = ST.CONVENED
        assembly.convened_at = timezone.now()
        assembly.policy = policy if policy.pk else None
        assembly.roll_count = len(voters)
        assembly.roll_weight = sum((v.weight for v in voters), Decimal(0))
        assembly.save()
        audit_log(
            actor=actor,
            action="governance.assembly_convened",
            target=assembly,
            data={
                "policy": policy.version,
                "roll_count": assembly.roll_count,
                "roll_weight": assembly.roll_weight,
            },
        )
        from guild.governance.tasks import send_convocations

        transaction.on_commit(lambda: send_convocations.enqueue(assembly.pk))
        return assembly.roll_count


def convocations_send(*, assembly_id: int) -> int:
    """Queue one notice per roll line (idempotent: one dedupe key per assembly and member)."""
    assembly = Assembly.objects.get(pk=assembly_id)
    ics = assembly_ical(assembly)
    agenda = list(assembly.agenda.all())
    sent = 0
    for voter in Voter.objects.filter(assembly=assembly).select_related("user"):
        if not voter.email:
            continue
        email_queue(
            to=voter.email,
            template="governance/email/convocation",
            context={"assembly": assembly, "agenda": agenda, "voter": voter},
            language=voter.user.language if voter.user else "fr",
            attachments=[Attachment("convocation.ics", ics, "text/calendar")],
            dedupe_key=f"gov-convocation-{assembly.pk}-{voter.membership_id}",
            category="governance",
        )
        sent += 1
    return sent


def _proxy_open(assembly):
    if assembly.status != ST.CONVENED:
        raise ValidationError(
            _(
                "Proxies can only be given or revoked between the "
                "convocation and the opening of the assembly."
            )
        )


def proxy_give(*, actor, giver: Voter, holder: Voter) -> Proxy:
    assembly = Assembly.objects.get(pk=giver.assembly_id)
    _proxy_open(assembly)
    if giver.assembly_id != holder.assembly_id:
        raise ValidationError(_("The proxy holder must be on the same voter roll."))
    if giver.pk == holder.pk:
        raise ValidationError(_("You cannot give a proxy to yourself."))
    if actor.pk != giver.user_id:
        raise ValidationError(_("Only the member's representative may give its proxy."))
    policy = assembly.policy
    with transaction.atomic():
        holder = Voter.objects.select_for_update().get(pk=holder.pk)
        if (
            policy
            and policy.proxy_holder_rule == "same_college"
            and holder.college != giver.college
        ):
            raise ValidationError(_("The bylaws allow proxies only within the same college."))
        if Proxy.objects.filter(giver=holder, revoked_at__isnull=True).exists():
            raise ValidationError(
                _("%(name)s has given their own proxy and cannot hold one.") % {"name": holder.name}
            )
        if Proxy.objects.filter(holder=giver, revoked_at__isnull=True).exists():
            raise ValidationError(_("You hold proxies: you cannot give yours."))
        held = Proxy.objects.filter(holder=holder, revoked_at__isnull=True).count()
        cap = policy.max_proxies if policy else 2
        if held >= cap:
            raise ValidationError(
                _("%(name)s already holds %(n)s proxies, the most the bylaws allow.")
                % {"name": holder.name, "n": cap}
            )
        try:
            with transaction.atomic():
                proxy = Proxy.objects.create(assembly=assembly, giver=giver, holder=holder)
        except IntegrityError as exc:
            raise ValidationError(_("You have already given a proxy: revoke it first.")) from exc
        audit_log(
            actor=actor,
            action="governance.proxy_given",
            target=assembly,
            data={"giver": giver.pk, "holder": holder.pk},
        )
        return proxy


def proxy_revoke(*, actor, proxy: Proxy) -> Proxy:
    _proxy_open(Assembly.objects.get(pk=proxy.assembly_id))
    if actor.pk != proxy.giver.user_id:
        raise ValidationError(_("Only the member who gave the proxy may revoke it."))
    if proxy.revoked_at:
        raise ValidationError(_("This proxy has already been revoked."))
    with transaction.atomic():
        proxy.revoked_at = timezone.now()
        proxy.save(update_fields=["revoked_at"])
        audit_log(
            actor=actor,
            action="governance.proxy_revoked",
            target=proxy.assembly,
            data={"giver": proxy.giver_id, "holder": proxy.holder_id},
        )
        return proxy


def attendance_mark(*, actor, voter: Voter, mode: str) -> Attendance | None:
    """Sign the attendance sheet (present or remote), or clear the line (mode "")."""
    assembly = Assembly.objects.get(pk=voter.assembly_id)
    if assembly.status not in {ST.CONVENED, ST.OPEN}:
        raise ValidationError(_("The attendance sheet is closed."))
    if mode and mode not in Attendance.Mode.values:
        raise ValidationError(_("Unknown attendance mode."))
    with transaction.atomic():
        Attendance.objects.filter(voter=voter).delete()
        attendance = None
        if mode:
            attendance = Attendance.objects.create(voter=voter, assembly=assembly, mode=mode)
        audit_log(
            actor=actor,
            action="governance.attendance",
            target=assembly,
            data={"voter": voter.pk, "mode": mode or "absent"},
        )
        return attendance


def assembly_open(*, actor, assembly: Assembly) -> Assembly:
    with transaction.atomic():
        assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
        if assembly.status != ST.CONVENED:
            raise ValidationError(_("Only a convened assembly can be opened."))
        assembly.status = ST.OPEN
        assembly.opened_at = timezone.now()
        assembly.save(update_fields=["status", "opened_at"])
        from guild.governance.selectors import quorum

        audit_log(
            actor=actor,
            action="governance.assembly_opened",
            target=assembly,
            data={"quorum_percent": quorum(assembly)["percent"]},
        )
        return assembly


def assembly_close(*, actor, assembly: Assembly) -> Assembly:
    with transaction.atomic():
        assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
        if assembly.status != ST.OPEN:
            raise ValidationError(_("Only an assembly in session can be closed."))
        if assembly.resolutions.filter(status="open").exists():
            raise ValidationError(_("Close the open votes first."))
        assembly.status = ST.CLOSED
        assembly.closed_at = timezone.now()
        assembly.save(update_fields=["status", "closed_at"])
        audit_log(actor=actor, action="governance.assembly_closed", target=assembly, data={})
        return assembly
