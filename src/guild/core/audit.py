"""The hash-chained, append-only audit log.

Every governance-relevant act calls :func:`audit_log` inside the transaction that performs it.
Each entry stores the hash of the previous one; :func:`audit_verify` recomputes the chain and
reports the first broken link. Appends are serialised (an advisory lock on PostgreSQL; SQLite
serialises writers with ``BEGIN IMMEDIATE``) so the chain never forks.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from guild.core.models import AuditEntry

GENESIS = "0" * 64
_LOCK_KEY = 7_311_020_001  # arbitrary constant for pg_advisory_xact_lock


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Model):
        return f"{value._meta.label}:{value.pk}"
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    return str(value)


def canonical_json(value: Any) -> str:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    )


def compute_hash(entry: AuditEntry) -> str:
    payload = canonical_json(
        {
            "prev": entry.prev_hash,
            "time": entry.created_at.astimezone(timezone.UTC).isoformat(),
            "actor": entry.actor_id,
            "actor_label": entry.actor_label,
            "action": entry.action,
            "target_type": entry.target_type,
            "target_id": entry.target_id,
            "target_label": entry.target_label,
            "data": entry.data,
        }
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def audit_log(
    *,
    actor,
    action: str,
    target: Model | None = None,
    data: dict | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
) -> AuditEntry:
    """Append one entry. Call it inside the transaction that performs the act."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        user = actor if getattr(actor, "is_authenticated", False) else None
        if target is not None:
            target_type = target._meta.label_lower
            target_id = str(target.pk)
            target_label = str(target)[:255]
        entry = AuditEntry(
            created_at=timezone.now(),
            actor=user,
            actor_label=(str(actor) if actor is not None else "système")[:255],
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            target_label=target_label[:255],
            data=json.loads(canonical_json(data or {})),
            prev_hash=last or GENESIS,
        )
        entry.hash = compute_hash(entry)
        entry.save()
        return entry


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""


def audit_verify(*, chunk_size: int = 2000) -> VerifyResult:
    """Recompute the chain; return the first broken link, if any."""
    previous = GENESIS
    checked = 0
    queryset = AuditEntry.objects.order_by("id")
    for entry in queryset.iterator(chunk_size=chunk_size):
        if entry.prev_hash != previous:
            return VerifyResult(False, checked, entry.pk, "previous hash does not match")
        if compute_hash(entry) != entry.hash:
            return VerifyResult(False, checked, entry.pk, "content does not match its hash")
        previous = entry.hash
        checked += 1
    return VerifyResult(True, checked)
