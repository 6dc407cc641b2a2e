"""Resolutions, elections and ballots (open counts or secret), results, minutes."""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.governance.models import (
    Assembly,
    Ballot,
    Body,
    Candidate,
    DecisionType,
    Mandate,
    Participation,
    Proxy,
    Resolution,
    Voter,
)
from guild.governance.services.tally import election_result, majority_reached

__all__ = [
    "resolution_add",
    "candidate_add",
    "resolution_open",
    "resolution_make_secret",
    "ballot_cast",
    "resolution_record_open_vote",
    "resolution_close",
    "minutes_generate",
    "minutes_sign",
    "receipt_code",
    "RS",
]

RS = Resolution.Status
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CHOICES = ("yes", "no", "abstain")
FOUR = Decimal("0.0001")


def receipt_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def resolution_add(
    *,
    actor,
    assembly: Assembly,
    title: str,
    decision_type: str,
    text: str = "",
    kind: str = "motion",
    seats: int = 1,
    body: Body | None = None,
    secret: bool = False,
) -> Resolution:
    assembly.refresh_from_db(fields=["status"])
    if assembly.status == Assembly.Status.CLOSED:
        raise ValidationError(_("The assembly is closed."))
    if decision_type not in DecisionType.values:
        raise ValidationError(_("Choose a decision type set by the bylaws."))
    if kind == "election":
        decision_type, secret = DecisionType.ELECTION, True  # elections are always secret
    elif (
        decision_type in {DecisionType.BYLAWS, DecisionType.DISSOLUTION}
        and assembly.kind != Assembly.Kind.EXTRAORDINARY
    ):
        raise ValidationError(
            _("A bylaws change or a dissolution needs an extraordinary general assembly.")
        )
    from guild.governance.selectors import current_policy

    policy = assembly.policy or current_policy()
    secret = secret or bool(policy.rule(decision_type).get("secret"))
    with transaction.atomic():
        resolution = Resolution.objects.create(
            assembly=assembly,
            title=title,
            text=text,
            decision_type=decision_type,
            kind=kind,
            seats=max(seats, 1),
            body=body,
            secret=secret,
            position=assembly.resolutions.count() + 1,
        )
        audit_log(
            actor=actor,
            action="governance.resolution_added",
            target=resolution,
            data={"assembly": assembly.pk, "type": decision_type, "kind": kind, "secret": secret},
        )
        return resolution


def candidate_add(*, actor, resolution: Resolution, person, statement: str = "") -> Candidate:
    from guild.governance.services.bodies import candidacy_problems

    if resolution.kind != Resolution.Kind.ELECTION:
        raise ValidationError(_("Candidates stand only in elections."))
    if resolution.status != RS.DRAFT:
        raise ValidationError(_("Candidacies are closed once the vote opens."))
    body = resolution.body or Body(kind=Body.Kind.BOARD, name="—")
    problems = candidacy_problems(person, body)
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(
                resolution=resolution, person=person, statement=statement
            )
            audit_log(
                actor=actor,
                action="governance.candidate_added",
                target=resolution,
                data={"person": person.pk},
            )
    except IntegrityError as exc:
        raise ValidationError(_("This person is already a candidate.")) from exc
    return candidate


def resolution_make_secret(*, actor, resolution: Resolution, requesters: int) -> Resolution:
    from guild.governance.selectors import quorum

    present = quorum(resolution.assembly)["count"]
    policy = resolution.assembly.policy
    share = policy.secret_request_percent if policy else Decimal("20")
    if not present or Decimal(requesters * 100) / present < share:
        raise ValidationError(
            _("A secret ballot needs the request of %(s)s%% of those present.") % {"s": share}
        )
    with transaction.atomic():
        resolution.secret = True
        resolution.save(update_fields=["secret"])
        audit_log(
            actor=actor,
            action="governance.secret_requested",
            target=resolution,
            data={"requesters": requesters, "present": present},
        )
        return resolution


def resolution_open(*, actor, resolution: Resolution) -> Resolution:
    resolution = Resolution.objects.select_related("assembly").get(pk=resolution.pk)
    if resolution.assembly.status != Assembly.Status.OPEN:
        raise ValidationError(_("Votes open only while the assembly is in session."))
    if resolution.status != RS.DRAFT:
        raise ValidationError(_("This vote has already been opened."))
    if resolution.kind == "election" and resolution.candidates.count() == 0:
        raise ValidationError(_("An election needs at least one candidate."))
    with transaction.atomic():
        resolution.status = RS.OPEN
        resolution.opened_at = timezone.now()
        resolution.save(update_fields=["status", "opened_at"])
        audit_log(actor=actor, action="governance.vote_opened", target=resolution, data={})
        return resolution


def _voters_for(actor, resolution) -> list[tuple[Voter, bool]]:
    own = list(
        Voter.objects.filter(assembly=resolution.assembly_id, user=actor).select_related(
            "attendance"
        )
    )
    attending = [v for v in own if hasattr(v, "attendance")]
    if not own:
        raise PermissionDenied(_("You are not on the voter roll of this assembly."))
    if not attending:
        raise ValidationError(_("Sign the attendance sheet (present or remote) before voting."))
    result = [(v, False) for v in attending]
    for proxy in Proxy.objects.filter(holder__in=attending, revoked_at__isnull=True).select_related(
        "giver"
    ):
        result.append((proxy.giver, True))
    return result


def ballot_cast(
    *,
    actor,
    resolution: Resolution,
    choice: str = "",
    candidates: list[int] | None = None,
    voter_ids: list[int] | None = None,
) -> list[str]:
    """Cast one anonymous ballot for each roll line the actor votes for; return receipts."""
    resolution = Resolution.objects.select_related("assembly").get(pk=resolution.pk)
    if resolution.status != RS.OPEN:
        raise ValidationError(_("This vote is closed."))
    if not resolution.secret:
        raise ValidationError(_("This resolution is voted by show of hands."))
    if resolution.kind == Resolution.Kind.ELECTION:
        candidates = sorted({int(c) for c in candidates or []})
        valid = set(resolution.candidates.values_list("pk", flat=True))
        if not set(candidates) <= valid:
            raise ValidationError(_("Unknown candidate."))
        if len(candidates) > resolution.seats:
            raise ValidationError(_("Choose at most %(n)s candidates.") % {"n": resolution.seats})
        choice = ""
    elif choice not in CHOICES:
        raise ValidationError(_("Choose yes, no or abstain."))
    lines = _voters_for(actor, resolution)
    if voter_ids is not None:
        lines = [(v, p) for v, p in lines if v.pk in set(voter_ids)]
    if not lines:
        raise ValidationError(_("Nothing to vote for."))
    receipts = []
    with transaction.atomic():
        for voter, by_proxy in lines:
            try:
                with transaction.atomic():
                    Participation.objects.create(
                        resolution=resolution, voter=voter, by_proxy=by_proxy
                    )
            except IntegrityError as exc:
                raise ValidationError(
                    _("A ballot has already been cast for %(name)s.") % {"name": voter.name}
                ) from exc
            code = receipt_code()
            Ballot.objects.create(
                resolution=resolution,
                weight=voter.weight,
                choice=choice,
                candidates=candidates or [],
                receipt=code,
            )
            receipts.append(code)
        # the log says who voted, never how
        audit_log(
            actor=actor,
            action="governance.ballot_cast",
            target=resolution,
            data={"lines": len(lines)},
        )
    return receipts


def resolution_record_open_vote(*, actor, resolution: Resolution, yes, no, abstain) -> Resolution:
    """Record the counts (weighted) of a vote by show of hands."""
    from guild.governance.selectors import quorum

    resolution = Resolution.objects.select_related("assembly").get(pk=resolution.pk)
    if resolution.status != RS.OPEN:
        raise ValidationError(_("Open the vote before recording its counts."))
    if resolution.secret:
        raise ValidationError(_("A secret ballot is counted by the system, not by hand."))
    values = [Decimal(str(v)) for v in (yes, no, abstain)]
    if any(v < 0 for v in values):
        raise ValidationError(_("Counts cannot be negative."))
    attending = quorum(resolution.assembly)["weight"]
    if sum(values) > attending:
        raise ValidationError(
            _("The counts (%(sum)s) exceed the votes present or represented (%(max)s).")
            % {"sum": sum(values), "max": attending}
        )
    with transaction.atomic():
        resolution.result = {"recorded": {k: str(v) for k, v in zip(CHOICES, values, strict=False)}}
        resolution.save(update_fields=["result"])
        audit_log(
            actor=actor,
            action="governance.open_vote_recorded",
            target=resolution,
            data=resolution.result["recorded"],
        )
        return resolution


def resolution_close(*, actor, resolution: Resolution) -> Resolution:
    from guild.governance.selectors import quorum

    with transaction.atomic():
        resolution = (
            Resolution.objects.select_for_update(of=("self",))
            .select_related("assembly", "body")
            .get(pk=resolution.pk)
        )
        if resolution.status != RS.OPEN:
            raise ValidationError(_("This vote is not open."))
        if not resolution.secret and "recorded" not in resolution.result:
            raise ValidationError(_("Record the counts of the show of hands first."))
        assembly = resolution.assembly
        q = quorum(assembly)
        rule_q = q["rules"].get(resolution.decision_type, {"required": Decimal(0), "met": True})
        policy = assembly.policy
        majority = policy.rule(resolution.decision_type)["majority"] if policy else "simple"
        result = {
            "quorum_percent": str(q["percent"]),
            "quorum_required": str(rule_q["required"]),
            "quorum_met": rule_q["met"],
            "majority": majority,
            "attending_weight": str(q["weight"]),
            "roll_weight": str(q["roll_weight"]),
        }
        ballots = Ballot.objects.filter(resolution=resolution)
        result["ballots"] = ballots.count()
        if resolution.kind == Resolution.Kind.ELECTION:
            scores = {c.pk: Decimal(0) for c in resolution.candidates.all()}
            for weight, chosen in ballots.values_list("weight", "candidates"):
                for pk in chosen:
                    scores[pk] = (scores.get(pk, Decimal(0)) + weight).quantize(FOUR)
            result.update(election_result(scores, resolution.seats))
            result["adopted"] = rule_q["met"]
        else:
            if resolution.secret:
                sums = {
                    row["choice"]: row["w"]
                    for row in ballots.values("choice").annotate(w=Sum("weight"))
                }
                counts = {k: Decimal(sums.get(k) or 0).quantize(FOUR) for k in CHOICES}
            else:
                counts = {
                    k: Decimal(v).quantize(FOUR) for k, v in resolution.result["recorded"].items()
                }
                result["recorded"] = resolution.result["recorded"]
            result.update({k: str(v) for k, v in counts.items()})
            result["adopted"] = rule_q["met"] and majority_reached(
                majority, counts["yes"], counts["no"], counts["abstain"]
            )
        resolution.result = result
        resolution.status = RS.CLOSED
        resolution.closed_at = timezone.now()
        resolution.save(update_fields=["result", "status", "closed_at"])
        audit_log(actor=actor, action="governance.vote_closed", target=resolution, data=result)
        if resolution.kind == Resolution.Kind.ELECTION and resolution.body_id and rule_q["met"]:
            _seat_elected(actor, resolution, result["elected"])
        return resolution


def _seat_elected(actor, resolution, elected_ids):
    from datetime import date

    from guild.governance.services.bodies import mandate_create

    policy = resolution.assembly.policy
    years = policy.board_term_years if policy else 3
    start = timezone.localdate()
    try:
        end = start.replace(year=start.year + years)
    except ValueError:
        end = date(start.year + years, start.month, 28)
    for candidate in Candidate.objects.filter(pk__in=elected_ids).select_related("person"):
        Mandate.objects.filter(
            body=resolution.body, person=candidate.person, ended_on__isnull=True
        ).update(ended_on=start, end_reason=_("re-elected"))
        mandate_create(
            actor=actor,
            body=resolution.body,
            person=candidate.person,
            starts_on=start,
            ends_on=end,
            elected_at=resolution,
            check=False,
        )


def minutes_generate(*, actor, assembly: Assembly) -> Assembly:
    from guild.core.pdf import render_pdf
    from guild.governance.selectors import quorum, voter_roll

    if assembly.status != Assembly.Status.CLOSED:
        raise ValidationError(_("The minutes are drawn up once the assembly is closed."))
    if assembly.minutes_president_id and assembly.minutes_secretary_id:
        raise ValidationError(_("The minutes are signed: they can no longer be changed."))
    context = {
        "assembly": assembly,
        "quorum": quorum(assembly),
        "roll": voter_roll(assembly),
        "resolutions": assembly.resolutions.prefetch_related("candidates__person"),
        "agenda": assembly.agenda.all(),
        "generated_at": timezone.now(),
    }
    pdf = render_pdf("governance/pdf/minutes.html", context, language="fr")
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        if assembly.minutes_pdf:
            assembly.minutes_pdf.delete(save=False)
        assembly.minutes_pdf.save(f"pv-{assembly.pk}.pdf", ContentFile(pdf), save=False)
        assembly.minutes_sha256 = digest
        assembly.minutes_president = assembly.minutes_secretary = None
        assembly.minutes_president_at = assembly.minutes_secretary_at = None
        assembly.save()
        audit_log(
            actor=actor,
            action="governance.minutes_generated",
            target=assembly,
            data={"sha256": digest},
        )
        return assembly


def minutes_sign(*, actor, assembly: Assembly, role: str) -> Assembly:
    """Sign off the minutes as président or secrétaire (the current holder of the role)."""
    from guild.governance.selectors import current_mandates

    if role not in {Mandate.Role.PRESIDENT, Mandate.Role.SECRETARY}:
        raise ValidationError(_("Only the président and the secrétaire sign the minutes."))
    if not assembly.minutes_sha256:
        raise ValidationError(_("Draw up the minutes first."))
    holders = current_mandates().filter(role=role, body__kind__in=["board", "executive"])
    if not holders.filter(person__user=actor).exists():
        raise PermissionDenied(
            _("Only the current %(role)s signs here.") % {"role": Mandate.Role(role).label}
        )
    with transaction.atomic():
        setattr(assembly, f"minutes_{role}", actor)
        setattr(assembly, f"minutes_{role}_at", timezone.now())
        assembly.save(update_fields=[f"minutes_{role}", f"minutes_{role}_at"])
        audit_log(
            actor=actor,
            action="governance.minutes_signed",
            target=assembly,
            data={"role": role, "sha256": assembly.minutes_sha256},
        )
        return assembly
