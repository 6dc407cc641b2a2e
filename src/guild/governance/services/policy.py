"""The bylaws policy: new versions only, validated, by administrators, logged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.core.permissions import is_administrator
from guild.governance.models import BylawsPolicy, DecisionType, Majority

__all__ = ["policy_create_version", "policy_validate", "POLICY_FIELDS", "FORBIDDEN_REASON_WORDS"]

POLICY_FIELDS = [
    f.name
    for f in BylawsPolicy._meta.get_fields()
    if f.concrete
    and f.name not in {"id", "version", "effective_from", "note", "created_at", "created_by"}
]
# French law (Code du travail L1132-1 by analogy, freedom of association) forbids refusing an
# applicant for political or union activity: such a reason can never be configured.
FORBIDDEN_REASON_WORDS = ("politi", "syndic", "union", "parti ", "opinion", "relig")


def policy_validate(data: dict) -> None:
    errors: dict[str, list[str]] = {}
    rules = data.get("decision_rules") or {}
    for decision in DecisionType:
        rule = rules.get(decision.value)
        if not rule or rule.get("majority") not in Majority.values:
            errors.setdefault("decision_rules", []).append(
                _("The decision type “%(type)s” has no majority rule.") % {"type": decision.label}
            )
            continue
        for key in ("quorum_first", "quorum_second"):
            try:
                value = Decimal(str(rule.get(key, "0")))
            except (InvalidOperation, TypeError):
                value = Decimal("-1")
            if not Decimal("0") <= value <= Decimal("100"):
                errors.setdefault("decision_rules", []).append(
                    _("The quorum of “%(type)s” must be a percentage between 0 and 100.")
                    % {"type": decision.label}
                )
    for reason in data.get("refusal_reasons") or []:
        if any(word in reason.lower() for word in FORBIDDEN_REASON_WORDS):
            errors.setdefault("refusal_reasons", []).append(
                _(
                    "“%(reason)s” cannot be a refusal reason: the law forbids refusing someone "
                    "for their political, union or religious activity or opinions."
                )
                % {"reason": reason}
            )
    if data.get("admission_mode") == "sponsorship" and not data.get("sponsors_required"):
        errors.setdefault("sponsors_required", []).append(
            _("Admission by sponsorship needs at least one sponsor.")
        )
    cap = data.get("group_vote_cap_percent")
    if cap is not None and not Decimal("0") < Decimal(str(cap)) <= Decimal("100"):
        errors.setdefault("group_vote_cap_percent", []).append(
            _("The group cap must be a percentage above 0 and at most 100.")
        )
    if errors:
        raise ValidationError(errors)


def policy_create_version(
    *, actor, data: dict, effective_from: date, note: str = "", check_permission: bool = True
) -> BylawsPolicy:
    """Record a new version of the policy (the previous ones stay as they were)."""
    if check_permission and not is_administrator(actor):
        raise PermissionDenied(_("Only administrators may change the bylaws policy."))
    if effective_from < timezone.localdate() and BylawsPolicy.objects.exists():
        raise ValidationError(
            {"effective_from": [_("A policy change cannot take effect in the past.")]}
        )
    from guild.governance.selectors import current_policy

    with transaction.atomic():
        previous = current_policy()
        merged = {name: getattr(previous, name) for name in POLICY_FIELDS}
        merged.update({k: v for k, v in data.items() if k in POLICY_FIELDS})
        merged["decision_rules"] = (
            {
                **{k: dict(v) for k, v in (previous.decision_rules or {}).items()},
                **(data.get("decision_rules") or {}),
            }
            if "decision_rules" in data
            else previous.decision_rules
        )
        policy_validate(merged)
        version = (
            BylawsPolicy.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0
        ) + 1
        policy = BylawsPolicy(
            version=version,
            effective_from=effective_from,
            note=note,
            created_by=actor if getattr(actor, "pk", None) else None,
            **merged,
        )
        policy.full_clean(exclude=["created_by"])
        policy.save()
        changed = (
            {
                name: [str(getattr(previous, name)), str(getattr(policy, name))]
                for name in POLICY_FIELDS
                if getattr(previous, name) != getattr(policy, name)
            }
            if previous.pk
            else model_to_dict(policy, fields=POLICY_FIELDS)
        )
        audit_log(
            actor=actor,
            action="governance.policy_version",
            target=policy,
            data={
                "version": version,
                "effective_from": effective_from,
                "note": note,
                "changes": changed,
            },
        )
        return policy
