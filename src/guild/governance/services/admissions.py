"""Admissions: sponsors, the admission body's vote with recusals, the decision, the notice."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.core.outbox import email_queue
from guild.core.permissions import is_board, is_staff
from guild.governance.models import (
    Application,
    BoardVote,
    BoardVoteResponse,
    Body,
    Recusal,
    Sponsorship,
)
from guild.governance.services.alerts import alerts_compute, application_traits
from guild.members.constants import MembershipStatus
from guild.members.models import Membership
from guild.members.selectors import member_since
from guild.members.services import membership_transition

__all__ = [
    "admission_start",
    "sponsor_eligibility",
    "sponsorship_request",
    "sponsorship_answer",
    "application_recuse",
    "boardvote_open",
    "boardvote_respond",
    "boardvote_close",
    "application_decide",
    "membership_contact",
    "membership_users",
]

S = Sponsorship.Status
A = Application.Stage


def _months_ago(today, months: int):
    year, month = today.year, today.month - months
    while month <= 0:
        month += 12
        year -= 1
    day = min(today.day, 28)
    return today.replace(year=year, month=month, day=day)


def membership_contact(membership):
    if membership.person_id:
        return membership.person
    if membership.contact_id:
        return membership.contact
    seat = (
        membership.seats.filter(role="manager", removed_at__isnull=True)
        .select_related("person")
        .first()
    )
    return seat.person if seat else None


def membership_users(membership) -> set[int]:
    """Ids of the users who may act for a membership (holder, contact, seat managers)."""
    ids = set()
    if membership.person_id and membership.person.user_id:
        ids.add(membership.person.user_id)
    if membership.contact_id and membership.contact.user_id:
        ids.add(membership.contact.user_id)
    ids.update(
        membership.seats.filter(
            role="manager", removed_at__isnull=True, person__user__isnull=False
        ).values_list("person__user_id", flat=True)
    )
    return ids


def sponsor_eligibility(policy, sponsor: Membership, *, today=None) -> str | None:
    """Why ``sponsor`` may not sponsor now (a French message), or None."""
    today = today or timezone.localdate()
    if sponsor.status != MembershipStatus.ACTIVE:
        return _("%(name)s is not a member in good standing.") % {"name": sponsor.holder_name}
    since = member_since(sponsor, today=today)
    needed = _months_ago(today, policy.sponsor_seniority_months)
    if since is None or since > needed:
        return _("%(name)s needs %(m)s months of seniority to sponsor (member since %(s)s).") % {
            "name": sponsor.holder_name,
            "m": policy.sponsor_seniority_months,
            "s": since.strftime("%d/%m/%Y") if since else "—",
        }
    used = (
        Sponsorship.objects.filter(
            sponsor=sponsor, requested_at__gte=timezone.now() - timedelta(days=365)
        )
        .exclude(status=S.DECLINED)
        .count()
    )
    if used >= policy.sponsorships_per_year:
        return _("%(name)s has already sponsored %(k)s applications this year.") % {
            "name": sponsor.holder_name,
            "k": used,
        }
    return None


def _notify(membership, template: str, context: dict, key: str) -> None:
    contact = membership_contact(membership)
    email = (contact.email if contact else "") or (
        membership.organisation.email if membership.organisation_id else ""
    )
    if not email:
        return
    language = contact.user.language if contact and contact.user_id else "fr"
    email_queue(
        to=email,
        template=f"governance/email/{template}",
        context=context,
        language=language,
        dedupe_key=key,
        category="governance",
    )


def admission_start(*, actor, membership: Membership) -> Application:
    """The admission procedure plugged into the members app."""
    from guild.governance.selectors import current_policy

    policy = current_policy()
    with transaction.atomic():
        application, created = Application.objects.get_or_create(
            membership=membership,
            defaults={"policy": policy if policy.pk else None, **application_traits(membership)},
        )
        if not created:
            return application
        audit_log(
            actor=actor,
            action="governance.application_received",
            target=application,
            data={
                "membership": membership.pk,
                "policy": policy.version,
                "mode": policy.admission_mode,
            },
        )
        if policy.admission_mode == "sponsorship":
            for ref in (membership.application_data or {}).get("sponsors", []):
                sponsor = _find_sponsor(ref)
                if sponsor is None or sponsor.pk == membership.pk:
                    continue
                try:
                    sponsorship_request(
                        actor=actor, application=application, sponsor=sponsor, recompute=False
                    )
                except ValidationError:
                    continue
        alerts_compute(application, actor=actor)
        application.refresh_from_db()
        if policy.admission_mode == "open" and not application.flagged:
            application_decide(
                actor=actor,
                application=application,
                approve=True,
                reason=_("Open admission under the bylaws."),
                force=True,
            )
        elif policy.admission_mode != "sponsorship":
            _to_review(actor, application)
        application.refresh_from_db()
        return application


def _find_sponsor(ref):
    qs = Membership.objects.select_related("person", "organisation")
    if isinstance(ref, int) or str(ref).isdigit():
        return qs.filter(pk=int(ref)).first()
    ref = str(ref).strip().lower()
    return (
        qs.filter(person__email__iexact=ref).first()
        or qs.filter(contact__email__iexact=ref).first()
    )


def sponsorship_request(
    *, actor, application: Application, sponsor: Membership, recompute: bool = True
) -> Sponsorship:
    from guild.governance.selectors import current_policy

    policy = application.policy or current_policy()
    if application.stage != A.SPONSORSHIP:
        raise ValidationError(_("This application no longer collects sponsors."))
    if sponsor.pk == application.membership_id:
        raise ValidationError(_("An applicant cannot sponsor themselves."))
    problem = sponsor_eligibility(policy, sponsor)
    if problem:
        raise ValidationError(problem)
    with transaction.atomic():
        Membership.objects.select_for_update().get(pk=sponsor.pk)
        problem = sponsor_eligibility(policy, sponsor)
        if problem:
            raise ValidationError(problem)
        try:
            with transaction.atomic():
                sponsorship = Sponsorship.objects.create(application=application, sponsor=sponsor)
        except IntegrityError as exc:
            raise ValidationError(
                _("This member is already a sponsor of the application.")
            ) from exc
        audit_log(
            actor=actor,
            action="governance.sponsorship_requested",
            target=application,
            data={"sponsor": sponsor.pk},
        )
        _notify(
            sponsor,
            "sponsorship_request",
            {"applicant": application.membership.holder_name, "sponsorship": sponsorship},
            f"gov-sponsor-{sponsorship.pk}",
        )
        if recompute:
            alerts_compute(application, actor=actor)
        return sponsorship


def sponsorship_answer(
    *, actor, sponsorship: Sponsorship, accept: bool, comment: str = ""
) -> Sponsorship:
    if actor.pk not in membership_users(sponsorship.sponsor):
        raise PermissionDenied(_("Only the sponsor may answer this request."))
    with transaction.atomic():
        locked = Sponsorship.objects.select_for_update().get(pk=sponsorship.pk)
        if locked.status != S.PENDING:
            raise ValidationError(_("This sponsorship request has already been answered."))
        application = Application.objects.select_for_update().get(pk=locked.application_id)
        if application.stage != A.SPONSORSHIP:
            raise ValidationError(_("This application no longer collects sponsors."))
        locked.status = S.CONFIRMED if accept else S.DECLINED
        locked.answered_at = timezone.now()
        locked.comment = comment
        locked.save(update_fields=["status", "answered_at", "comment"])
        audit_log(
            actor=actor,
            action=f"governance.sponsorship_{locked.status}",
            target=application,
            data={"sponsor": locked.sponsor_id},
        )
        policy = application.policy
        needed = policy.sponsors_required if policy else 2
        if application.sponsorships.filter(status=S.CONFIRMED).count() >= needed:
            _to_review(actor, application)
        return locked


def _admission_body() -> Body:
    body = (
        Body.objects.filter(admission_body=True).first()
        or Body.objects.filter(kind=Body.Kind.BOARD).first()
    )
    if body is None:
        body = Body.objects.create(
            kind=Body.Kind.BOARD, name=_("Board of directors"), slug="board", admission_body=True
        )
    return body


def _to_review(actor, application: Application) -> BoardVote:
    Application.objects.filter(pk=application.pk).update(stage=A.REVIEW)
    application.stage = A.REVIEW
    policy = application.policy
    rule = policy.rule("admission") if policy else {"majority": "absolute"}
    return boardvote_open(
        actor=actor,
        body=_admission_body(),
        title=_("Admission of %(name)s") % {"name": application.membership.holder_name},
        application=application,
        majority=rule["majority"],
        quorum_percent=policy.board_vote_quorum_percent if policy else Decimal("50"),
        days=policy.board_vote_days if policy else 7,
    )


def application_recuse(*, actor, application: Application, interest: str) -> Recusal:
    if not interest.strip():
        raise ValidationError(_("Say what interest you declare."))
    with transaction.atomic():
        recusal, _created = Recusal.objects.get_or_create(
            application=application, user=actor, defaults={"interest": interest.strip()}
        )
        BoardVoteResponse.objects.filter(
            vote__application=application, voter=actor, vote__status=BoardVote.Status.OPEN
        ).delete()
        audit_log(
            actor=actor,
            action="governance.recusal",
            target=application,
            data={"interest": interest.strip()},
        )
        return recusal


def boardvote_open(
    *,
    actor,
    body: Body,
    title: str,
    description: str = "",
    application: Application | None = None,
    majority: str = "absolute",
    quorum_percent=Decimal("50"),
    days: int = 7,
    deadline=None,
) -> BoardVote:
    if not title.strip():
        raise ValidationError(_("The question is required."))
    deadline = deadline or timezone.now() + timedelta(days=days)
    if deadline <= timezone.now():
        raise ValidationError(_("The deadline must be in the future."))
    from guild.governance.selectors import body_member_users

    with transaction.atomic():
        vote = BoardVote.objects.create(
            body=body,
            title=title.strip()[:255],
            description=description,
            application=application,
            majority=majority,
            quorum_percent=quorum_percent,
            deadline=deadline,
            created_by=actor if getattr(actor, "pk", None) else None,
            electorate=len(body_member_users(body)),
        )
        audit_log(
            actor=actor,
            action="governance.board_vote_opened",
            target=vote,
            data={
                "body": body.slug,
                "deadline": deadline,
                "majority": majority,
                "quorum_percent": quorum_percent,
                "application": application.pk if application else None,
            },
        )
        return vote


def boardvote_respond(
    *, actor, vote: BoardVote, choice: str, reason: str = "", comment: str = ""
) -> BoardVoteResponse:
    from guild.governance.selectors import body_member_users

    if choice not in BoardVoteResponse.Choice.values:
        raise ValidationError(_("Choose approve, refuse or abstain."))
    vote = BoardVote.objects.select_related("body", "application__policy").get(pk=vote.pk)
    if vote.status != BoardVote.Status.OPEN or vote.deadline <= timezone.now():
        raise ValidationError(_("This vote is closed."))
    if actor not in body_member_users(vote.body):
        raise PermissionDenied(_("Only members of %(body)s vote here.") % {"body": vote.body})
    if (
        vote.application_id
        and Recusal.objects.filter(application_id=vote.application_id, user=actor).exists()
    ):
        raise ValidationError(_("You declared an interest in this applicant: you are recused."))
    if choice == "refuse":
        if vote.application_id:
            policy = vote.application.policy
            reasons = policy.reasons() if policy else []
            if not reasons:
                from guild.governance.selectors import current_policy

                reasons = current_policy().reasons()
            if reason not in reasons:
                raise ValidationError(_("Choose a refusal reason from the list set by the bylaws."))
        elif not reason.strip():
            reason = "—"
    else:
        reason = ""
    try:
        with transaction.atomic():
            response = BoardVoteResponse.objects.create(
                vote=vote, voter=actor, choice=choice, reason=reason, comment=comment
            )
            audit_log(
                actor=actor,
                action="governance.board_vote_response",
                target=vote,
                data={"choice": choice, "reason": reason},
            )
    except IntegrityError as exc:
        raise ValidationError(_("You have already voted.")) from exc
    return response


def boardvote_close(*, actor, vote: BoardVote) -> BoardVote:
    from guild.governance.services.tally import majority_reached

    with transaction.atomic():
        vote = BoardVote.objects.select_for_update().get(pk=vote.pk)
        if vote.status != BoardVote.Status.OPEN:
            raise ValidationError(_("This vote is already closed."))
        counts = dict.fromkeys(BoardVoteResponse.Choice.values, 0)
        reasons: dict[str, int] = {}
        for choice, reason in vote.responses.values_list("choice", "reason"):
            counts[choice] += 1
            if reason:
                reasons[reason] = reasons.get(reason, 0) + 1
        recused = vote.application.recusals.count() if vote.application_id else 0
        electorate = max(vote.electorate - recused, 0)
        cast = sum(counts.values())
        quorum_met = electorate > 0 and Decimal(cast * 100) / electorate >= vote.quorum_percent
        adopted = majority_reached(
            vote.majority,
            Decimal(counts["approve"]),
            Decimal(counts["refuse"]),
            Decimal(counts["abstain"]),
        )
        vote.outcome = (
            BoardVote.Outcome.NO_QUORUM
            if not quorum_met
            else BoardVote.Outcome.ADOPTED
            if adopted
            else BoardVote.Outcome.REJECTED
        )
        vote.status = BoardVote.Status.CLOSED
        vote.closed_at = timezone.now()
        vote.tally = {
            "counts": counts,
            "reasons": reasons,
            "electorate": electorate,
            "recused": recused,
            "quorum_met": quorum_met,
        }
        vote.save()
        audit_log(
            actor=actor,
            action="governance.board_vote_closed",
            target=vote,
            data={"outcome": vote.outcome, **vote.tally},
        )
        if vote.application_id and vote.outcome != BoardVote.Outcome.NO_QUORUM:
            top_reason = max(reasons, key=reasons.get) if reasons else ""
            application_decide(
                actor=actor,
                application=vote.application,
                approve=vote.outcome == BoardVote.Outcome.ADOPTED,
                reason=top_reason,
                vote=vote,
            )
        return vote


def application_decide(
    *,
    actor,
    application: Application,
    approve: bool,
    reason: str = "",
    vote: BoardVote | None = None,
    force: bool = False,
) -> Application:
    """Record the decision, move the membership, send the applicant's notice."""
    if not force and vote is None and not (is_board(actor) or is_staff(actor)):
        raise PermissionDenied(_("Only the admission body decides."))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.stage in {A.ADMITTED, A.REFUSED, A.WITHDRAWN}:
            raise ValidationError(_("This application has already been decided."))
        collegial = vote is not None and vote.outcome == BoardVote.Outcome.ADOPTED
        if approve and application.flagged and not collegial:
            raise ValidationError(
                _(
                    "This application raised an entryism alert: it can only "
                    "be approved by a recorded collegial vote."
                )
            )
        if not approve:
            from guild.governance.selectors import current_policy

            reasons = (application.policy or current_policy()).reasons()
            if not reason or (vote is None and reason not in reasons):
                raise ValidationError(_("A refusal needs a reason from the list."))
        application.stage = A.ADMITTED if approve else A.REFUSED
        application.decided_at = timezone.now()
        application.decided_by = actor if getattr(actor, "pk", None) else None
        application.decision_reason = reason
        application.notice_sent_at = timezone.now()
        application.save()
        membership_transition(
            actor=actor,
            membership=application.membership,
            to_status=MembershipStatus.ADMITTED if approve else MembershipStatus.REFUSED,
            reason=reason,
        )
        audit_log(
            actor=actor,
            action="governance.application_decided",
            target=application,
            data={
                "approve": approve,
                "reason": reason,
                "vote": vote.pk if vote else None,
                "flagged": application.flagged,
            },
        )
        _notify(
            application.membership,
            "admission_decision",
            {"application": application, "approved": approve, "reason": reason},
            f"gov-decision-{application.pk}",
        )
        return application
