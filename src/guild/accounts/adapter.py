from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's e-mails through Guild's outbox, branded and in the user's language."""

    def save_user(self, request, user, form, commit=True):
        # A person signing up in English keeps English for the interface and e-mails.
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.language = language
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
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
