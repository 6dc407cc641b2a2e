from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guild.core.models import OutgoingEmail
from guild.governance.models import Application, BoardVote, Sponsorship
from guild.governance.services import (
    admission_start,
    application_decide,
    application_recuse,
    boardvote_close,
    boardvote_respond,
    policy_create_version,
    sponsorship_answer,
    sponsorship_request,
)
from guild.members.services import membership_start_admission
from tests.governance.factories import apply, make_membership

pytestmark = pytest.mark.django_db
REASON = "Dossier incomplet ou informations inexactes"


@pytest.fixture
def sponsors(policy):
    return [make_membership(months=24), make_membership(months=18)]


def _answer(sponsorship, accept=True):
    return sponsorship_answer(
        actor=sponsorship.sponsor.contact.user, sponsorship=sponsorship, accept=accept
    )


def test_whole_admission_with_two_sponsors_and_a_board_vote(sponsors, board_members):
    membership = apply(data={"sponsors": [s.pk for s in sponsors]})
    membership_start_admission(actor=None, membership=membership)
    application = Application.objects.get(membership=membership)
    assert application.stage == "sponsorship"
    assert application.sponsorships.count() == 2
    assert (
        OutgoingEmail.objects.filter(template="governance/email/sponsorship_request").count() == 2
    )
    first, second = application.sponsorships.all()
    _answer(first)
    application.refresh_from_db()
    assert application.stage == "sponsorship"
    _answer(second)
    application.refresh_from_db()
    assert application.stage == "review"
    vote = BoardVote.objects.get(application=application)
    assert vote.electorate == 3
    boardvote_respond(actor=board_members[0], vote=vote, choice="approve")
    boardvote_respond(actor=board_members[1], vote=vote, choice="approve")
    boardvote_close(actor=board_members[0], vote=vote)
    application.refresh_from_db()
    membership.refresh_from_db()
    assert application.stage == "admitted"
    assert membership.status == "admitted"
    assert application.notice_sent_at
    assert OutgoingEmail.objects.filter(template="governance/email/admission_decision").exists()


def test_sponsor_without_seniority_is_refused(policy):
    junior = make_membership(months=3)
    application = admission_start(actor=None, membership=apply())
    with pytest.raises(ValidationError) as exc:
        sponsorship_request(actor=None, application=application, sponsor=junior)
    assert "ancienneté" in str(exc.value)
    assert not Sponsorship.objects.exists()


def test_sponsor_limit_per_year_and_self_and_twice(admin_user):
    policy_create_version(
        actor=admin_user, data={"sponsorships_per_year": 1}, effective_from=date.today()
    )
    sponsor = make_membership(months=30)
    lapsed = make_membership(status="lapsed")
    first = admission_start(actor=None, membership=apply())
    sponsorship_request(actor=None, application=first, sponsor=sponsor)
    with pytest.raises(ValidationError):
        sponsorship_request(actor=None, application=first, sponsor=lapsed)
    second = admission_start(actor=None, membership=apply())
    with pytest.raises(ValidationError) as exc:
        sponsorship_request(actor=None, application=second, sponsor=sponsor)
    assert "déjà parrainé" in str(exc.value)
    with pytest.raises(ValidationError):
        sponsorship_request(actor=None, application=second, sponsor=second.membership)


def test_only_the_sponsor_answers_and_only_once(sponsors, user):
    application = admission_start(
        actor=None, membership=apply(data={"sponsors": [sponsors[0].contact.email]})
    )
    sponsorship = application.sponsorships.get()
    with pytest.raises(PermissionDenied):
        sponsorship_answer(actor=user, sponsorship=sponsorship, accept=True)
    _answer(sponsorship, accept=False)
    with pytest.raises(ValidationError):
        _answer(sponsorship)
    assert Sponsorship.objects.get().status == "declined"


def _review(sponsors):
    application = admission_start(
        actor=None, membership=apply(data={"sponsors": [s.pk for s in sponsors]})
    )
    for sponsorship in application.sponsorships.all():
        _answer(sponsorship)
    return application, BoardVote.objects.get(application=application)


def test_refusal_needs_a_listed_reason_and_recused_members_do_not_vote(sponsors, board_members):
    application, vote = _review(sponsors)
    with pytest.raises(ValidationError) as exc:
        boardvote_respond(
            actor=board_members[0], vote=vote, choice="refuse", reason="Il milite dans un parti"
        )
    assert "liste" in str(exc.value)
    application_recuse(
        actor=board_members[2], application=application, interest="Associé du demandeur"
    )
    with pytest.raises(ValidationError) as exc:
        boardvote_respond(actor=board_members[2], vote=vote, choice="approve")
    assert "déporté" in str(exc.value)
    boardvote_respond(actor=board_members[0], vote=vote, choice="refuse", reason=REASON)
    with pytest.raises(ValidationError):
        boardvote_respond(actor=board_members[0], vote=vote, choice="approve")
    boardvote_respond(actor=board_members[1], vote=vote, choice="refuse", reason=REASON)
    vote = boardvote_close(actor=board_members[0], vote=vote)
    assert vote.tally["electorate"] == 2
    assert vote.outcome == "rejected"
    application.refresh_from_db()
    assert application.stage == "refused"
    assert application.decision_reason == REASON
    assert application.membership.status == "refused"


def test_outsiders_and_late_votes_are_refused(sponsors, board_members, user):
    _application, vote = _review(sponsors)
    with pytest.raises(PermissionDenied):
        boardvote_respond(actor=user, vote=vote, choice="approve")
    with pytest.raises(ValidationError):
        boardvote_respond(actor=board_members[0], vote=vote, choice="maybe")
    boardvote_close(actor=board_members[0], vote=vote)
    with pytest.raises(ValidationError) as exc:
        boardvote_respond(actor=board_members[0], vote=vote, choice="approve")
    assert "clos" in str(exc.value)
    with pytest.raises(ValidationError):
        boardvote_close(actor=board_members[0], vote=vote)


def test_no_quorum_leaves_the_application_pending(sponsors, board_members):
    application, vote = _review(sponsors)
    boardvote_respond(actor=board_members[0], vote=vote, choice="approve")
    vote = boardvote_close(actor=board_members[0], vote=vote)
    assert vote.outcome == "no_quorum"
    application.refresh_from_db()
    assert application.stage == "review"


def test_flagged_application_needs_a_collegial_vote(sponsors, board_members):
    application, vote = _review(sponsors)
    Application.objects.filter(pk=application.pk).update(flagged=True)
    application.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        application_decide(actor=board_members[0], application=application, approve=True)
    assert "vote collégial" in str(exc.value)
    with pytest.raises(ValidationError):
        application_decide(actor=board_members[0], application=application, approve=False)
    with pytest.raises(PermissionDenied):
        application_decide(
            actor=sponsors[0].contact.user, application=application, approve=False, reason=REASON
        )
    for member in board_members:
        boardvote_respond(actor=member, vote=vote, choice="approve")
    boardvote_close(actor=board_members[0], vote=vote)
    application.refresh_from_db()
    assert application.stage == "admitted"
    with pytest.raises(ValidationError):
        application_decide(
            actor=board_members[0], application=application, approve=False, reason=REASON
        )


def test_open_and_body_modes(admin_user, board):
    policy_create_version(
        actor=admin_user, data={"admission_mode": "open"}, effective_from=date.today()
    )
    application = admission_start(actor=None, membership=apply())
    assert application.stage == "admitted"
    assert admission_start(actor=None, membership=application.membership) == application
    policy_create_version(
        actor=admin_user, data={"admission_mode": "body"}, effective_from=date.today()
    )
    application = admission_start(actor=None, membership=apply())
    assert application.stage == "review"
    with pytest.raises(ValidationError):
        sponsorship_request(actor=None, application=application, sponsor=make_membership(months=40))
