"""Writes of the space manager's screens: spaces, opening hours, closures, resources, plans.

Each takes a bound, valid model form, saves it in a transaction and writes the audit log."""

from __future__ import annotations

from django.db import transaction

from guild.core.audit import audit_log


def _save(*, actor, form, action: str, **extra):
    with transaction.atomic():
        created = form.instance.pk is None
        obj = form.save(commit=False)
        for name, value in extra.items():
            setattr(obj, name, value)
        obj.save()
        audit_log(
            actor=actor,
            action=f"coworking.{action}_{'create' if created else 'update'}",
            target=obj,
            data={"fields": sorted(form.changed_data)},
        )
    return obj


def space_save(*, actor, form):
    return _save(actor=actor, form=form, action="space")


def opening_hours_save(*, actor, form, space):
    return _save(actor=actor, form=form, action="opening_hours", space=space)


def opening_hours_delete(*, actor, hours) -> None:
    with transaction.atomic():
        audit_log(actor=actor, action="coworking.opening_hours_delete", target=hours.space)
        hours.delete()


def closure_save(*, actor, form, space):
    return _save(actor=actor, form=form, action="closure", space=space)


def closure_delete(*, actor, closure) -> None:
    with transaction.atomic():
        audit_log(actor=actor, action="coworking.closure_delete", target=closure.space)
        closure.delete()


def resource_save(*, actor, form, space):
    return _save(actor=actor, form=form, action="resource", space=space)


def plan_save(*, actor, form, space):
    return _save(actor=actor, form=form, action="plan", space=space)
