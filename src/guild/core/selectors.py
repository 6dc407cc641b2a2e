from django.db.models import Q, QuerySet

from guild.core.models import AuditEntry, OutgoingEmail


def audit_entries(*, action: str = "", actor: str = "", target: str = "") -> QuerySet:
    queryset = AuditEntry.objects.order_by("-id")
    if action:
        queryset = queryset.filter(action__startswith=action)
    if actor:
        queryset = queryset.filter(actor_label__icontains=actor)
    if target:
        queryset = queryset.filter(Q(target_label__icontains=target) | Q(target_type=target))
    return queryset


def outbox(*, status: str = "") -> QuerySet:
    queryset = OutgoingEmail.objects.defer("body_html", "body_text").order_by("-id")
    if status in OutgoingEmail.Status.values:
        queryset = queryset.filter(status=status)
    return queryset
