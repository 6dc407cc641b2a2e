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
