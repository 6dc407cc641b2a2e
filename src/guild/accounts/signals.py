"""Signal receivers: the interface switches to the person's preferred language on login."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from guild.accounts.language import set_language_cookie


@receiver(user_logged_in, dispatch_uid="guild.accounts.language_on_login")
def language_on_login(sender, request, response=None, user=None, **kwargs):
    if response is not None and user is not None:
        set_language_cookie(response, user.language)
