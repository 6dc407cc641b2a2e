import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from guild.core.audit import GENESIS, audit_log, audit_verify
from guild.core.models import AuditEntry


@pytest.fixture
def entries(admin_user):
    return [
        audit_log(actor=admin_user, action="test.first", data={"n": 1}),
        audit_log(actor=admin_user, action="test.second", data={"amount": "12.50"}),
        audit_log(actor=None, action="test.third", target_label="système", data={}),
    ]


def _tamper(entry_id: int, **changes) -> None:
    """Bypass the append-only guards the way an attacker with database access would."""
    columns = ", ".join(f"{name} = %s" for name in changes)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER core_auditentry_no_update")
        cursor.execute(
            f"UPDATE core_auditentry SET {columns} WHERE id = %s", [*changes.values(), entry_id]
        )
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def test_entries_are_chained(entries):
    assert entries[0].prev_hash == GENESIS
    assert entries[1].prev_hash == entries[0].hash
    assert entries[2].prev_hash == entries[1].hash
    result = audit_verify()
    assert result.ok and result.checked == 3


def test_verify_command_passes_on_intact_log(entries, capsys):
    call_command("audit_verify")
    assert "3 entries" in capsys.readouterr().out


def test_tampered_data_is_reported_at_the_first_broken_link(entries):
    _tamper(entries[1].pk, data='{"amount": "1250.00"}')
    result = audit_verify()
    assert not result.ok
    assert result.broken_id == entries[1].pk
    with pytest.raises(CommandError, match=f"#{entries[1].pk}"):
        call_command("audit_verify")


def test_rewritten_hash_breaks_the_next_link(entries):
    _tamper(entries[0].pk, action="test.forged", hash="f" * 64)
    result = audit_verify()
    assert not result.ok and result.broken_id == entries[0].pk


def test_model_refuses_update_and_delete(entries):
    entry = AuditEntry.objects.get(pk=entries[0].pk)
    entry.action = "changed"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(ValidationError):
        AuditEntry.objects.all().delete()


def test_database_refuses_update_and_delete(entries):
    for statement in (
        "UPDATE core_auditentry SET action = 'x'",
        "DELETE FROM core_auditentry",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEntry.objects.count() == 3


def test_data_of_any_type_is_stored_as_hashed(admin_user):
    import datetime
    import uuid
    from decimal import Decimal

    data = {
        "when": datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC),
        "day": datetime.date(2026, 3, 1),
        "amount": Decimal("12.50"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "who": admin_user,
        "tags": {"b", "a"},
        "pair": (1, 2),
        "other": object,
    }
    entry = audit_log(actor=admin_user, action="test.types", target=admin_user, data=data)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.data["amount"] == "12.50"
    assert stored.data["day"] == "2026-03-01"
    assert stored.data["tags"] == ["a", "b"]
    assert stored.data["who"] == f"accounts.User:{admin_user.pk}"
    assert stored.target_type == "accounts.user"
    assert audit_verify().ok


# The two tests below run in this order (one file runs on one worker, top to bottom).


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_that_logged_an_entry_can_end(admin_user):
    """The flush that ends a transactional test empties the audit log, which the append-only
    guard refuses: the suite's teardown hook (tests/conftest.py) lifts it for that flush."""
    audit_log(actor=admin_user, action="test.flushed", data={})
    assert AuditEntry.objects.filter(action="test.flushed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_guard_is_back_after_a_transactional_test(admin_user):
    assert not AuditEntry.objects.filter(action="test.flushed").exists()  # it was flushed
    audit_log(actor=admin_user, action="test.kept", data={})
    statement = (
        "TRUNCATE core_auditentry CASCADE"
        if connection.vendor == "postgresql"
        else "DELETE FROM core_auditentry"
    )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.filter(action="test.kept").count() == 1
