import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from guild.accounts import services
from guild.accounts.models import Role, RoleGrant, User
from guild.api.models import ApiToken
from guild.api.services import api_token_create
from guild.core import privacy
from guild.core.models import AuditEntry


def test_update_profile_changes_own_fields(user):
    services.user_update_profile(
        actor=user, user=user, data={"first_name": " Léa ", "last_name": "Dupré", "language": "en"}
    )
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.language) == ("Léa", "Dupré", "en")


def test_update_profile_refuses_someone_else(user, make_user):
    other = make_user()
    with pytest.raises(services.AccountError, match="votre propre profil|your own profile"):
        services.user_update_profile(actor=other, user=user, data={"first_name": "X"})
    user.refresh_from_db()
    assert user.first_name != "X"


def test_update_profile_refuses_unknown_language(user):
    with pytest.raises(services.AccountError):
        services.user_update_profile(actor=user, user=user, data={"language": "de"})
    user.refresh_from_db()
    assert user.language == "fr"


def test_export_holds_every_section_and_the_account(user):
    privacy.register_exporter("zz_test", lambda u: {"hello": u.email})
    try:
        filename, content = services.user_export_data(actor=user, user=user)
    finally:
        privacy._exporters.pop("zz_test")
    assert filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        data = json.loads(archive.read("data.json"))
        assert "LISEZMOI.txt" in archive.namelist()
    assert data["user"]["email"] == user.email
    assert data["sections"]["accounts"]["email"] == user.email
    assert data["sections"]["accounts"]["email_addresses"][0]["verified"] is True
    assert data["sections"]["zz_test"] == {"hello": user.email}
    assert data["sections"]["api_tokens"] == []


def test_export_lists_api_tokens_without_secret(user):
    _token, raw = api_token_create(actor=user, name="Script", scopes=["read"])
    _filename, content = services.user_export_data(actor=user, user=user)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        body = archive.read("data.json").decode()
    assert json.loads(body)["sections"]["api_tokens"][0]["name"] == "Script"
    assert raw not in body


def test_export_refuses_someone_else(user, make_user):
    with pytest.raises(services.AccountError):
        services.user_export_data(actor=make_user(), user=user)


def test_erase_anonymises_and_calls_every_eraser(make_user):
    person = make_user("staff", first_name="Jeanne", last_name="Martin")
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "x"})
    api_token_create(actor=person, name="Script", scopes=["read"])
    called = []
    privacy.register_eraser("zz_test", lambda u: called.append(u.pk))
    try:
        services.user_erase(actor=person, user=person)
    finally:
        privacy._erasers.pop("zz_test")
    person.refresh_from_db()
    assert called == [person.pk]
    assert person.email == f"deleted-{person.pk}@anonymised.invalid"
    assert (person.first_name, person.last_name) == ("", "")
    assert not person.has_usable_password()
    assert not person.is_active
    assert person.anonymised_at is not None
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Authenticator.objects.filter(user=person).exists()
    assert not ApiToken.objects.filter(user=person).exists()
    assert not RoleGrant.objects.filter(user=person, revoked_at__isnull=True).exists()
    entry = AuditEntry.objects.get(action="account.erase")
    assert entry.target_id == str(person.pk)
    assert "Jeanne" not in json.dumps(entry.data) + entry.target_label + entry.actor_label


def test_erase_refuses_someone_else_and_twice(user, make_user):
    with pytest.raises(services.AccountError):
        services.user_erase(actor=make_user(), user=user)
    services.user_erase(actor=user, user=user)
    with pytest.raises(services.AccountError):
        services.user_erase(actor=user, user=user)


def test_erase_refuses_last_administrator(admin_user):
    with pytest.raises(services.AccountError, match="administrat"):
        services.user_erase(actor=admin_user, user=admin_user)
    admin_user.refresh_from_db()
    assert admin_user.is_active
    assert admin_user.anonymised_at is None


def test_role_grant_and_revoke_are_logged(admin_user, user):
    grant = services.role_grant(actor=admin_user, user=user, role=Role.TREASURER)
    assert grant.granted_by == admin_user
    assert user.has_role(Role.TREASURER)
    services.role_revoke(actor=admin_user, user=user, role=Role.TREASURER)
    assert not user.has_role(Role.TREASURER)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "data"))
    assert actions == [
        ("role.grant", {"role": "treasurer", "grant": grant.pk}),
        ("role.revoke", {"role": "treasurer", "grant": grant.pk}),
    ]
    # Granting again after a withdrawal starts a new grant (the history stays).
    services.role_grant(actor=admin_user, user=user, role=Role.TREASURER)
    assert RoleGrant.objects.filter(user=user, role=Role.TREASURER).count() == 2


def test_role_grant_refusals_write_nothing(admin_user, user):
    services.role_grant(actor=admin_user, user=user, role=Role.STAFF)
    before = AuditEntry.objects.count()
    with pytest.raises(services.AccountError, match="déjà|already"):
        services.role_grant(actor=admin_user, user=user, role=Role.STAFF)
    with pytest.raises(services.AccountError):
        services.role_grant(actor=admin_user, user=user, role="pope")
    user.is_active = False
    user.save()
    with pytest.raises(services.AccountError):
        services.role_grant(actor=admin_user, user=user, role=Role.BOARD)
    assert AuditEntry.objects.count() == before
    assert RoleGrant.objects.filter(user=user).count() == 1


def test_role_revoke_refuses_missing_role(admin_user, user):
    with pytest.raises(services.AccountError):
        services.role_revoke(actor=admin_user, user=user, role=Role.BOARD)


def test_last_administrator_cannot_revoke_own_role(admin_user):
    with pytest.raises(services.AccountError, match="au moins un administrateur|at least one"):
        services.role_revoke(actor=admin_user, user=admin_user, role=Role.ADMINISTRATOR)
    assert admin_user.has_role(Role.ADMINISTRATOR)
    assert not AuditEntry.objects.filter(action="role.revoke").exists()


def test_administrator_may_step_down_when_another_remains(admin_user, make_user):
    make_user(Role.ADMINISTRATOR)
    services.role_revoke(actor=admin_user, user=admin_user, role=Role.ADMINISTRATOR)
    admin_user.refresh_from_db()
    assert not User.objects.get(pk=admin_user.pk).has_role(Role.ADMINISTRATOR)
