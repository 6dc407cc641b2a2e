import io

from django.core.management import call_command

from guild.accounts.models import RoleGrant, User


def test_demo_is_idempotent(db):
    call_command("demo", stdout=io.StringIO())
    users, grants = User.objects.count(), RoleGrant.objects.count()
    call_command("demo", stdout=io.StringIO())
    assert (User.objects.count(), RoleGrant.objects.count()) == (users, grants)
    admin = User.objects.get(email="admin@demo.guild.fr")
    assert admin.has_role("administrator")
    assert admin.check_password("demo-guild-2026")


def test_every_demo_address_is_one_a_mail_server_accepts(db):
    """Demo people get real e-mails (badges, dues calls, campaigns): no accent, space or
    apostrophe in an address (Django's validator is what the forms and the API apply)."""
    from django.apps import apps
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.db import models

    call_command("demo", stdout=io.StringIO())
    invalid, checked = [], 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.EmailField):
                continue
            for address in model.objects.exclude(**{field.name: ""}).values_list(
                field.name, flat=True
            ):
                if address is None:
                    continue
                checked += 1
                try:
                    validate_email(address)
                except ValidationError:
                    invalid.append(f"{model._meta.label}.{field.name}: {address}")
    assert checked > 500
    assert not invalid, invalid[:10]
