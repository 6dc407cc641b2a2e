from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's e-mails through Guild's outbox, branded and in the user's language."""

    def send_mail(self, template_prefix, email, context):
        from django.utils import translation

        from guild.core.outbox import email_queue

        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        ctx = {key: value for key, value in context.items() if key not in {"request"}}
        email_queue(
            to=email,
            template=f"accounts/email/{template_prefix.rsplit('/', 1)[-1]}",
            context=ctx,
            language=language or settings.LANGUAGE_CODE,
            category="account",
        )
