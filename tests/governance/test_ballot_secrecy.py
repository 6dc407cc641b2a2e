"""Secret ballots: no join path between "has voted" and the ballot; one ballot per line."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, models
from django.utils import timezone

from guild.governance.models import Ballot, Participation, Resolution, Voter
from guild.governance.services import (
    agenda_item_add,
    assembly_convene,
    assembly_create,
    assembly_open,
    attendance_mark,
    ballot_cast,
    policy_create_version,
    resolution_add,
    resolution_close,
    resolution_open,
)
from tests.governance.factories import make_membership


def _columns(model):
    return {f.column for f in model._meta.concrete_fields}


def test_no_join_path_between_participation_and_ballot():
    ballot_fields = Ballot._meta.concrete_fields
    # nothing in a ballot points to a voter, a participation, a person or a user
    for field in ballot_fields:
        if field.is_relation:
            assert field.related_model is Resolution
    for field in Participation._meta.concrete_fields:
        if field.is_relation:
            assert field.related_model in {Resolution, Voter}
            assert field.related_model is not Ballot
    shared = _columns(Ballot) & _columns(Participation)
    assert shared == {"id", "resolution_id"}  # a random key each, and the resolution itself
    for model in (Ballot, Participation):
        assert isinstance(model._meta.pk, models.UUIDField)
        assert not [
            f
            for f in model._meta.concrete_fields
            if isinstance(
                f, (models.DateTimeField, models.DateField, models.AutoField, models.BigAutoField)
            )
        ]
    assert Ballot._meta.ordering == ["receipt"]


def _setup(n_voters):
    from guild.accounts.models import User

    admin = User.objects.create_user(email="admin-secrecy@example.org")
    policy_create_version(
        actor=admin, data={}, effective_from=timezone.localdate(), check_permission=False
    )
    for _ in range(n_voters):
        make_membership(months=24)
    start = timezone.now() + timedelta(days=30)
    assembly = assembly_create(
        actor=None,
        title="AG",
        kind="ordinary",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        location="Limoges",
    )
    agenda_item_add(actor=None, assembly=assembly, title="Vote")
    assembly_convene(actor=None, assembly=assembly)
    voters = list(Voter.objects.filter(assembly=assembly).select_related("user"))
    for voter in voters:
        attendance_mark(actor=None, voter=voter, mode="remote")
    assembly_open(actor=None, assembly=assembly)
    resolution = resolution_add(
        actor=None, assembly=assembly, title="Motion", decision_type="ordinary", secret=True
    )
    resolution_open(actor=None, resolution=resolution)
    return resolution, voters


@pytest.mark.django_db
def test_receipts_are_checkable_against_the_published_tally(client):
    resolution, voters = _setup(3)
    receipts = [ballot_cast(actor=v.user, resolution=resolution, choice="yes")[0] for v in voters]
    resolution_close(actor=None, resolution=resolution)
    page = client.get(f"/governance/resolutions/{resolution.pk}/tally/").content.decode()
    assert all(code in page for code in receipts)
    response = client.get(
        f"/governance/assemblies/{resolution.assembly_id}/results/",
        {"receipt": receipts[0].lower()},
    )
    assert response.context["found"].resolution == resolution
    response = client.get(
        f"/governance/assemblies/{resolution.assembly_id}/results/", {"receipt": "AAAA-BBBB-CCCC"}
    )
    assert response.context["found"] is False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_votes_count_once(transactional_db):
    resolution, voters = _setup(4)
    errors, receipts = [], []
    barrier = threading.Barrier(8)

    def cast(voter):
        try:
            barrier.wait()
            receipts.extend(ballot_cast(actor=voter.user, resolution=resolution, choice="no"))
        except Exception as exc:  # noqa: BLE001 - the refusal is what we count
            errors.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(v,)) for v in voters for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(receipts) == 4
    assert errors == ["ValidationError"] * 4
    assert Ballot.objects.filter(resolution=resolution).count() == 4
    assert Participation.objects.filter(resolution=resolution).count() == 4
