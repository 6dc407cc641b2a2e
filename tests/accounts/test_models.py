import pytest
from django.db import IntegrityError

from guild.accounts.models import RoleGrant, User
from tests.factories import grant_role


def test_create_user_needs_email(db):
    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user(email="", password="x")


def test_emails_are_lower_case_and_unique_whatever_the_case(db):
    user = User.objects.create_user(email="Jean.Dupont@Example.org", password="x")
    assert user.email == "jean.dupont@example.org"
    assert User.objects.get_by_natural_key("JEAN.DUPONT@example.org") == user
    with pytest.raises(IntegrityError):
        User.objects.create_user(email="JEAN.DUPONT@EXAMPLE.ORG", password="y")


def test_superuser_and_names(db):
    admin = User.objects.create_superuser(email="root@example.org", password="x")
    assert admin.is_staff
    assert admin.is_superuser
    assert admin.display_name == "root@example.org"
    assert admin.get_short_name() == "root@example.org"
    admin.first_name, admin.last_name = "Rémi", "Blanc"
    assert str(admin) == admin.get_full_name() == "Rémi Blanc"
    assert admin.get_short_name() == "Rémi"


def test_one_active_grant_per_role(user):
    grant = grant_role(user, "board")
    assert str(grant).endswith("Membre du bureau") or str(grant).endswith("Board member")
    with pytest.raises(IntegrityError):
        RoleGrant.objects.create(user=user, role="board")
