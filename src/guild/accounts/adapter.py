from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# allauth's security notifications (sent when ACCOUNT_EMAIL_NOTIFICATIONS is on) share one
# Guild template; this is what each one says happened.
NOTIFICATIONS = {
    "email_changed": _("The e-mail address of your account was changed."),
    "email_confirm": _("An e-mail address of your account was confirmed."),
    "email_deleted": _("An e-mail address was removed from your account."),
    "password_changed": _("Your password was changed."),
    "password_set": _("A password was set on your account."),
    "password_reset": _("Your password was reset."),
    "totp_activated": _("Two-factor authentication with an authenticator app was turned on."),
    "totp_deactivated": _("Two-factor authentication with an authenticator app was turned off."),
    "recovery_codes_generated": _("New recovery codes were generated."),
    "webauthn_added": _("A security key was added to your account."),
    "webauthn_removed": _("A security key was removed from your account."),
}


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's e-mails through Guild's outbox, branded and in the user's language."""

    def save_user(self, request, user, form, commit=True):
        # A person signing up in English keeps English for the interface and e-mails.
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.language = language
        return super().save_user(request, user, form, commit=commit)

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        return super().send_notification_mail(
            template_prefix, user, context={"user": user, **(context or {})}, email=email
        )

    def send_mail(self, template_prefix, email, context):
        from guild.core.outbox import email_queue

        name = template_prefix.rsplit("/", 1)[-1]
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        ctx = {key: value for key, value in context.items() if key not in {"request"}}
        if name in NOTIFICATIONS:
            ctx["event"] = NOTIFICATIONS[name]
            name = "security_notification"
        email_queue(
            to=email,
            template=f"accounts/email/{name}",
            context=ctx,
            language=language or settings.LANGUAGE_CODE,
            category="account",
        )
