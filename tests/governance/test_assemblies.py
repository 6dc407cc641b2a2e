from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from guild.core.models import OutgoingEmail
from guild.governance.models import Assembly, Voter
from guild.governance.services import (
    agenda_item_add,
    assembly_close,
    assembly_convene,
    assembly_create,
    assembly_open,
    attendance_mark,
    ballot_cast,
    candidate_add,
    minutes_generate,
    minutes_sign,
    policy_create_version,
    proxy_give,
    proxy_revoke,
    resolution_add,
    resolution_close,
    resolution_make_secret,
    resolution_open,
    resolution_record_open_vote,
)
from guild.governance.services.tally import election_result, majority_reached
from tests.governance.factories import (
    CategoryFactory,
    CollegeFactory,
    GroupFactory,
    OrganisationFactory,
    make_membership,
    person_with_user,
)

pytestmark = pytest.mark.django_db
_on_commit = None


@pytest.fixture(autouse=True)
def _capture(django_capture_on_commit_callbacks):
    global _on_commit  # noqa: PLW0603
    _on_commit = django_capture_on_commit_callbacks


def _assembly(actor, kind="extraordinary", days=20):
    start = timezone.now() + timedelta(days=days)
    assembly = assembly_create(
        actor=actor,
        title="AG 2026",
        kind=kind,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        location="Limoges",
    )
    agenda_item_add(actor=actor, assembly=assembly, title="Rapport moral")
    return assembly


@pytest.fixture
def members(policy):
    return [make_membership(months=24) for _ in range(6)]


def _convened(staff, **kwargs):
    assembly = _assembly(staff, **kwargs)
    with _on_commit(execute=True):
        assembly_convene(actor=staff, assembly=assembly)
    assembly.refresh_from_db()
    return assembly


def test_convocation_freezes_the_roll_and_sends_ical_notices(members, staff_user):
    make_membership(months=2)  # still on probation
    make_membership(months=30, category=CategoryFactory(code="soutien", voting=False))
    make_membership(status="lapsed")
    assembly = _convened(staff_user)
    assert assembly.status == "convened"
    assert assembly.roll_count == 6
    emails = OutgoingEmail.objects.filter(template="governance/email/convocation")
    assert emails.count() == 6
    attachment = emails.first().attachments.get()
    assert attachment.mimetype == "text/calendar"
    assert b"BEGIN:VEVENT" in bytes(attachment.content)
    make_membership(months=30)  # joins after the convocation: not on the roll
    assert Voter.objects.filter(assembly=assembly).count() == 6
    with pytest.raises(ValidationError):
        assembly_convene(actor=staff_user, assembly=assembly)


def test_notice_period_and_agenda_are_required(members, staff_user):
    late = _assembly(staff_user, days=5)
    with pytest.raises(ValidationError) as exc:
        assembly_convene(actor=staff_user, assembly=late)
    assert "15" in str(exc.value)
    start = timezone.now() + timedelta(days=30)
    bare = assembly_create(
        actor=staff_user,
        title="AG",
        kind="ordinary",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        location="Tulle",
    )
    with pytest.raises(ValidationError):
        assembly_convene(actor=staff_user, assembly=bare)
    with pytest.raises(ValidationError):
        assembly_create(
            actor=staff_user,
            title="AG",
            kind="ordinary",
            starts_at=start,
            ends_at=start - timedelta(hours=1),
            location="Tulle",
        )
    assert Voter.objects.count() == 0


def test_college_weights_and_group_cap(admin_user, staff_user):
    policy_create_version(
        actor=admin_user, data={"group_vote_cap_percent": 20}, effective_from=timezone.localdate()
    )
    heavy = CategoryFactory(
        code="grande", college=CollegeFactory(code="grandes", weight=Decimal("2"))
    )
    group = GroupFactory()
    for _ in range(4):
        make_membership(months=24, organisation=OrganisationFactory(group=group))
    for _ in range(4):
        make_membership(months=24)
    make_membership(months=24, category=heavy)
    assembly = _convened(staff_user)
    voters = list(Voter.objects.filter(assembly=assembly))
    grouped = [v for v in voters if v.group_id_key]
    assert all(v.capped for v in grouped)
    total_before = Decimal(4 + 4 + 2)
    assert sum(v.weight for v in grouped) <= total_before * Decimal("0.2")
    assert any(v.weight == Decimal("2") for v in voters)
    assert assembly.roll_weight == sum(v.weight for v in voters)


def _voter(assembly, index):
    return Voter.objects.filter(assembly=assembly).order_by("pk")[index]


def test_proxies_caps_and_rules(members, staff_user):
    assembly = _convened(staff_user)
    v = [_voter(assembly, i) for i in range(6)]
    with pytest.raises(ValidationError):
        proxy_give(actor=v[0].user, giver=v[0], holder=v[0])
    with pytest.raises(ValidationError):
        proxy_give(actor=v[1].user, giver=v[0], holder=v[2])
    proxy_give(actor=v[0].user, giver=v[0], holder=v[5])
    proxy_give(actor=v[1].user, giver=v[1], holder=v[5])
    with pytest.raises(ValidationError) as exc:
        proxy_give(actor=v[2].user, giver=v[2], holder=v[5])
    assert "2" in str(exc.value)
    with pytest.raises(ValidationError):
        proxy_give(actor=v[5].user, giver=v[5], holder=v[3])  # holds proxies
    with pytest.raises(ValidationError):
        proxy_give(actor=v[3].user, giver=v[3], holder=v[0])  # v0 gave its own
    with pytest.raises(ValidationError):
        proxy_give(actor=v[0].user, giver=v[0], holder=v[4])  # already given
    proxy = v[0].proxies_given.get()
    with pytest.raises(ValidationError):
        proxy_revoke(actor=v[1].user, proxy=proxy)
    proxy_revoke(actor=v[0].user, proxy=proxy)
    with pytest.raises(ValidationError):
        proxy_revoke(actor=v[0].user, proxy=proxy)
    proxy_give(actor=v[2].user, giver=v[2], holder=v[5])
    assembly_open(actor=staff_user, assembly=assembly)
    assembly.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        proxy_give(actor=v[3].user, giver=v[3], holder=v[4])
    assert "ouverture" in str(exc.value)


def test_whole_assembly_with_secret_election_and_two_thirds_vote(
    members, staff_user, board_members
):
    assembly = _convened(staff_user)
    v = [_voter(assembly, i) for i in range(6)]
    proxy_give(actor=v[4].user, giver=v[4], holder=v[0])
    attendance_mark(actor=staff_user, voter=v[0], mode="present")
    attendance_mark(actor=staff_user, voter=v[1], mode="present")
    attendance_mark(actor=staff_user, voter=v[2], mode="remote")
    attendance_mark(actor=staff_user, voter=v[3], mode="present")
    attendance_mark(actor=staff_user, voter=v[3], mode="")
    from guild.governance.selectors import quorum

    q = quorum(assembly)
    assert (q["present"], q["remote"], q["represented"], q["count"]) == (2, 1, 1, 4)
    assert q["percent"] == Decimal("66.67")
    assert q["rules"]["bylaws"]["met"]
    assert q["rules"]["ordinary"]["met"]
    assembly_open(actor=staff_user, assembly=assembly)
    assembly.refresh_from_db()
    # election
    board = board_members[0].person.mandates.get().body
    election = resolution_add(
        actor=staff_user,
        assembly=assembly,
        title="Conseil",
        decision_type="ordinary",
        kind="election",
        seats=1,
        body=board,
    )
    assert election.secret
    assert election.decision_type == "election"
    candidates = [person_with_user() for _ in range(2)]
    from guild.governance.services import declaration_submit

    for person in candidates:
        declaration_submit(
            actor=None,
            person=person,
            year=timezone.localdate().year,
            data={"no_elected_office": True},
            offices=[],
        )
    c1 = candidate_add(actor=staff_user, resolution=election, person=candidates[0])
    candidate_add(actor=staff_user, resolution=election, person=candidates[1])
    resolution_open(actor=staff_user, resolution=election)
    receipts = ballot_cast(actor=v[0].user, resolution=election, candidates=[c1.pk])
    assert len(receipts) == 2  # own vote and the proxy
    with pytest.raises(ValidationError):
        ballot_cast(actor=v[0].user, resolution=election, candidates=[c1.pk])
    with pytest.raises(ValidationError):
        ballot_cast(actor=v[3].user, resolution=election, candidates=[c1.pk])  # not attending
    with pytest.raises(ValidationError):
        ballot_cast(actor=v[1].user, resolution=election, candidates=[99999])
    ballot_cast(actor=v[1].user, resolution=election, candidates=[])
    election = resolution_close(actor=staff_user, resolution=election)
    assert election.result["elected"] == [c1.pk]
    assert board.mandates.filter(person=candidates[0], ended_on__isnull=True).exists()
    with pytest.raises(ValidationError):
        ballot_cast(actor=v[2].user, resolution=election, candidates=[c1.pk])
    # two-thirds bylaws change, secret ballot
    bylaws = resolution_add(
        actor=staff_user,
        assembly=assembly,
        title="Statuts art. 7",
        decision_type="bylaws",
        secret=True,
    )
    resolution_open(actor=staff_user, resolution=bylaws)
    ballot_cast(actor=v[0].user, resolution=bylaws, choice="yes")
    ballot_cast(actor=v[1].user, resolution=bylaws, choice="yes")
    ballot_cast(actor=v[2].user, resolution=bylaws, choice="no")
    bylaws = resolution_close(actor=staff_user, resolution=bylaws)
    assert bylaws.result["yes"] == "3.0000"
    assert bylaws.result["adopted"] is True
    # open vote by show of hands
    accounts = resolution_add(
        actor=staff_user, assembly=assembly, title="Comptes", decision_type="ordinary"
    )
    assert not accounts.secret
    resolution_open(actor=staff_user, resolution=accounts)
    with pytest.raises(ValidationError):
        ballot_cast(actor=v[0].user, resolution=accounts, choice="yes")
    with pytest.raises(ValidationError):
        resolution_close(actor=staff_user, resolution=accounts)
    with pytest.raises(ValidationError):
        resolution_record_open_vote(actor=staff_user, resolution=accounts, yes=10, no=0, abstain=0)
    resolution_record_open_vote(actor=staff_user, resolution=accounts, yes=2, no=1, abstain=1)
    accounts = resolution_close(actor=staff_user, resolution=accounts)
    assert accounts.result["adopted"] is True
    with pytest.raises(ValidationError):
        resolution_close(actor=staff_user, resolution=accounts)
    assembly_close(actor=staff_user, assembly=assembly)
    assembly.refresh_from_db()
    minutes_generate(actor=staff_user, assembly=assembly)
    assert assembly.minutes_pdf.read(4) == b"%PDF"
    with pytest.raises(PermissionDenied):
        minutes_sign(actor=staff_user, assembly=assembly, role="president")
    minutes_sign(actor=board_members[0], assembly=assembly, role="president")
    minutes_sign(actor=board_members[1], assembly=assembly, role="secretary")
    assembly.refresh_from_db()
    assert assembly.minutes_president
    assert assembly.minutes_secretary
    with pytest.raises(ValidationError):
        minutes_generate(actor=staff_user, assembly=assembly)


def test_state_rules(members, staff_user):
    assembly = _assembly(staff_user, kind="ordinary")
    with pytest.raises(ValidationError):
        resolution_add(actor=staff_user, assembly=assembly, title="Statuts", decision_type="bylaws")
    with pytest.raises(ValidationError):
        resolution_add(actor=staff_user, assembly=assembly, title="X", decision_type="nope")
    motion = resolution_add(
        actor=staff_user, assembly=assembly, title="Cotisations", decision_type="ordinary"
    )
    with pytest.raises(ValidationError):
        candidate_add(actor=staff_user, resolution=motion, person=person_with_user())
    with pytest.raises(ValidationError):
        resolution_open(actor=staff_user, resolution=motion)
    with pytest.raises(ValidationError):
        assembly_open(actor=staff_user, assembly=assembly)
    with pytest.raises(ValidationError):
        assembly_close(actor=staff_user, assembly=assembly)
    with pytest.raises(ValidationError):
        minutes_generate(actor=staff_user, assembly=assembly)
    assembly_convene(actor=staff_user, assembly=assembly)
    voter = _voter(assembly, 0)
    attendance_mark(actor=staff_user, voter=voter, mode="present")
    with pytest.raises(ValidationError):
        attendance_mark(actor=staff_user, voter=voter, mode="flying")
    with pytest.raises(ValidationError):
        resolution_make_secret(actor=staff_user, resolution=motion, requesters=0)
    resolution_make_secret(actor=staff_user, resolution=motion, requesters=1)
    motion.refresh_from_db()
    assert motion.secret
    assembly_open(actor=staff_user, assembly=assembly)
    resolution_open(actor=staff_user, resolution=motion)
    with pytest.raises(ValidationError):
        resolution_open(actor=staff_user, resolution=motion)
    with pytest.raises(ValidationError):
        agenda_item_add(actor=staff_user, assembly=assembly, title="Trop tard")
    with pytest.raises(ValidationError):
        assembly_close(actor=staff_user, assembly=assembly)
    with pytest.raises(PermissionDenied):
        ballot_cast(actor=staff_user, resolution=motion, choice="yes")
    with pytest.raises(ValidationError):
        ballot_cast(actor=voter.user, resolution=motion, choice="peut-être")
    with pytest.raises(ValidationError):
        resolution_record_open_vote(actor=staff_user, resolution=motion, yes=1, no=0, abstain=0)
    resolution_close(actor=staff_user, resolution=motion)
    assembly_close(actor=staff_user, assembly=assembly)
    with pytest.raises(ValidationError):
        attendance_mark(actor=staff_user, voter=voter, mode="present")
    assert Assembly.objects.get().status == "closed"


def test_majorities_and_ties():
    d = Decimal
    assert majority_reached("simple", d(3), d(2), d(10))
    assert not majority_reached("absolute", d(3), d(2), d(10))
    assert majority_reached("absolute", d(6), d(2), d(3))
    assert majority_reached("two_thirds", d(2), d(1), d(5))
    assert not majority_reached("two_thirds", d(3), d(2), d(0))
    assert not majority_reached("two_thirds", d(0), d(0), d(4))
    result = election_result({1: d(5), 2: d(3), 3: d(3), 4: d(1)}, 2)
    assert result["elected"][0] == 1
    assert result["elected"][1] in {2, 3}
    assert result["tie_break"]["tied"] == [2, 3]
    assert election_result({1: d(5), 2: d(3)}, 1)["tie_break"] is None


def test_an_organisation_votes_through_its_seat_manager(policy, staff_user):
    from guild.members.models import Seat

    membership = make_membership(months=24)
    manager = person_with_user()
    membership.contact = None
    membership.save(update_fields=["contact"])
    Seat.objects.create(membership=membership, person=manager, role="manager")
    assembly = _convened(staff_user)
    voter = Voter.objects.get(assembly=assembly)
    assert voter.user == manager.user
    assert voter.email == manager.email
