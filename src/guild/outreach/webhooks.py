"""Delivery feedback from e-mail providers through django-anymail's tracking webhooks.

Brevo and Mailjet post to ``/outreach/webhooks/<provider>/``; anymail verifies HTTP basic
auth against ``ANYMAIL["WEBHOOK_SECRET"]`` (or ``OUTREACH_WEBHOOK_SECRET``). Without a
configured secret every call is refused: the endpoints are never open to the world.
"""

from __future__ import annotations

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.signals import EventType, tracking
from anymail.webhooks.brevo import BrevoTrackingWebhookView
from anymail.webhooks.mailjet import MailjetTrackingWebhookView
from django.conf import settings
from django.dispatch import receiver

from guild.outreach.campaigns import send_record_event
from guild.outreach.models import CampaignSend


class _Secured:
    warn_if_no_basic_auth = False

    def __init__(self, **kwargs):
        secret = getattr(settings, "OUTREACH_WEBHOOK_SECRET", "")
        if secret and "webhook_secret" not in kwargs:
            kwargs["webhook_secret"] = secret
        super().__init__(**kwargs)

    def validate_request(self, request):
        if not self.basic_auth:
            raise AnymailWebhookValidationFailure("Webhook secret not configured")
        super().validate_request(request)


class BrevoWebhook(_Secured, BrevoTrackingWebhookView):
    pass


class MailjetWebhook(_Secured, MailjetTrackingWebhookView):
    pass


def _is_hard(event) -> bool:
    raw = event.esp_event or {}
    if event.esp_name == "Brevo":
        return raw.get("event") in {"hard_bounce", "invalid_email", "blocked"}
    return bool(raw.get("hard_bounce")) or event.event_type == EventType.REJECTED


MAP = {
    EventType.DELIVERED: "delivered",
    EventType.COMPLAINED: "complained",
    EventType.UNSUBSCRIBED: "unsubscribed",
}


@receiver(tracking)
def on_tracking(sender, event, esp_name, **kwargs):
    event.esp_name = esp_name
    message_id = event.message_id or ""
    if message_id and not CampaignSend.objects.filter(message_id=message_id).exists():
        message_id = ""
    if not message_id and event.recipient:
        last = (
            CampaignSend.objects.filter(email__iexact=event.recipient)
            .exclude(sent_at=None)
            .order_by("-sent_at")
            .first()
        )
        message_id = last.message_id if last else ""
    if event.event_type in {EventType.BOUNCED, EventType.REJECTED}:
        name = "bounced" if _is_hard(event) else ""
    else:
        name = MAP.get(event.event_type, "")
    if name:
        send_record_event(
            message_id=message_id,
            email=event.recipient or "",
            event=name,
            detail=f"{esp_name}: {event.mta_response or event.reject_reason or ''}",
        )
