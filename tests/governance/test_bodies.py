from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from guild.core.models import OutgoingEmail
from guild.governance.models import Body, Declaration, Mandate
from guild.governance.selectors import board_seats_with_elected_office, current_policy
from guild.governance.services import (
    body_create,
    body_draw_classes,
    candidacy_problems,
    declaration_reminders_send,
    declaration_submit,
    mandate_create,
    mandate_end,
)
from guild.governance.tasks import close_due_board_votes, declaration_reminders
from tests.governance.factories import person_with_user

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _declared(office=False):
    person = person_with_user()
    offices = (
        [
            {
                "title": "Conseiller municipal de Tulle",
                "kind": "councillor",
                "level": "commune",
                "starts_on": date(2020, 3, 15),
                "ends_on": None,
            }
        ]
        if office
        else []
    )
    declaration_submit(
        actor=person.user,
        person=person,
        year=TODAY.year,
        data={"no_elected_office": not office, "employer": "ESN"},
        offices=offices,
    )
    return person


def test_elected_office_bars_the_executive_and_is_capped_on_the_board(policy, board):
    bureau = body_create(actor=None, kind="executive", name="Bureau", slug="bureau", seats=4)
    elected = _declared(office=True)
    with pytest.raises(ValidationError) as exc:
        mandate_create(actor=None, body=bureau, person=elected, starts_on=TODAY)
    assert "incompatible" in str(exc.value)
    with pytest.raises(ValidationError):
        mandate_create(actor=None, body=board, person=elected, role="president", starts_on=TODAY)
    mandate_create(actor=None, body=board, person=elected, starts_on=TODAY)
    mandate_create(actor=None, body=board, person=_declared(office=True), starts_on=TODAY)
    assert board_seats_with_elected_office() == (2, 2)
    third = _declared(office=True)
    assert candidacy_problems(third, board)
    with pytest.raises(ValidationError):
        mandate_create(actor=None, body=board, person=third, starts_on=TODAY)
    mandate_create(actor=None, body=board, person=_declared(), starts_on=TODAY)
    assert board_seats_with_elected_office() == (2, 3)
    assert current_policy().max_board_seats_with_elected_office == 2


def test_undeclared_candidates_and_seat_rules(policy, board):
    undeclared = person_with_user()
    assert candidacy_problems(undeclared, board)
    small = body_create(
        actor=None, kind="commission_bureau", name="Bureau commission", slug="cb", seats=1
    )
    mandate_create(actor=None, body=small, person=undeclared, role="chair", starts_on=TODAY)
    with pytest.raises(ValidationError):
        mandate_create(actor=None, body=small, person=_declared(), starts_on=TODAY)
    person = _declared()
    with pytest.raises(ValidationError):
        mandate_create(
            actor=None,
            body=board,
            person=person,
            starts_on=TODAY,
            ends_on=TODAY - timedelta(days=1),
        )
    mandate = mandate_create(
        actor=None, body=board, person=person, role="treasurer", starts_on=TODAY
    )
    with pytest.raises(ValidationError):
        mandate_create(
            actor=None, body=board, person=_declared(), role="treasurer", starts_on=TODAY
        )
    with pytest.raises(ValidationError):
        mandate_create(actor=None, body=board, person=person, starts_on=TODAY, check=False)
    with pytest.raises(ValidationError):
        mandate_end(actor=None, mandate=mandate, on=TODAY, reason=" ")
    mandate_end(actor=None, mandate=mandate, on=TODAY, reason="Démission")
    with pytest.raises(ValidationError):
        mandate_end(actor=None, mandate=mandate, on=TODAY, reason="Encore")
    assert not mandate.is_current()


def test_first_cohorts_are_drawn_by_lot(board):
    for _ in range(7):
        Mandate.objects.create(body=board, person=person_with_user(), starts_on=TODAY)
    drawn = body_draw_classes(actor=None, body=board)
    counts = sorted(list(drawn.values()).count(c) for c in (1, 2, 3))
    assert counts == [2, 2, 3]
    with pytest.raises(ValidationError):
        body_draw_classes(actor=None, body=board)


def test_declarations_validation_and_reminders(board):
    person = person_with_user()
    with pytest.raises(ValidationError):
        declaration_submit(actor=None, person=person, year=TODAY.year, data={}, offices=[])
    with pytest.raises(ValidationError):
        declaration_submit(
            actor=None,
            person=person,
            year=TODAY.year,
            data={"no_elected_office": True},
            offices=[
                {"title": "Maire", "kind": "executive", "level": "commune", "starts_on": TODAY}
            ],
        )
    with pytest.raises(ValidationError):
        declaration_submit(
            actor=None,
            person=person,
            year=TODAY.year,
            data={},
            offices=[
                {
                    "title": "Maire",
                    "kind": "executive",
                    "level": "commune",
                    "starts_on": TODAY,
                    "ends_on": TODAY - timedelta(1),
                }
            ],
        )
    assert not Declaration.objects.exists()
    Mandate.objects.create(body=board, person=person, starts_on=TODAY)
    Mandate.objects.create(body=board, person=_declared(), starts_on=TODAY)
    assert declaration_reminders_send(today=TODAY) == 1
    assert declaration_reminders_send(today=TODAY) == 1
    assert (
        OutgoingEmail.objects.filter(template="governance/email/declaration_reminder").count() == 1
    )
    declaration_reminders()
    assert close_due_board_votes() == 0


def test_public_pages(client, board, django_assert_max_num_queries):
    for _ in range(3):
        Mandate.objects.create(body=board, person=_declared(office=True), starts_on=TODAY)
    with django_assert_max_num_queries(12):
        first = client.get("/governance/")
    with django_assert_max_num_queries(12):
        client.get("/governance/transparency/")
    for _ in range(20):
        Mandate.objects.create(body=board, person=_declared(office=True), starts_on=TODAY)
    with django_assert_max_num_queries(12):
        page = client.get("/governance/transparency/")
    with django_assert_max_num_queries(12):
        client.get("/governance/")
    assert first.status_code == 200
    assert "Conseiller municipal de Tulle" in page.content.decode()
    assert Body.objects.count() == 1
    assert timezone.now()


def test_due_board_votes_are_closed_by_the_periodic_job(board_members):
    from guild.governance.models import BoardVote
    from guild.governance.services import boardvote_open

    vote = boardvote_open(
        actor=None, body=board_members[0].person.mandates.get().body, title="Urgence", days=1
    )
    BoardVote.objects.filter(pk=vote.pk).update(deadline=timezone.now() - timedelta(hours=1))
    assert close_due_board_votes() == 1
    vote.refresh_from_db()
    assert vote.status == "closed"
    assert vote.outcome == "no_quorum"
