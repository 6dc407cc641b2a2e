"""Browser journeys: an admission with two sponsors and a board vote; a planted wave."""

from django.core.management import call_command

from guild.governance.models import Application
from guild.members.services import membership_start_admission
from tests.governance.factories import apply, make_membership


def test_admission_with_two_sponsors_and_a_board_vote(
    live_server, login_as, policy, board_members, staff_user, axe
):
    sponsors = [make_membership(months=24), make_membership(months=30)]
    membership = apply(data={"sponsors": [s.pk for s in sponsors]})
    membership_start_admission(actor=None, membership=membership)
    application = Application.objects.get(membership=membership)
    for sponsor in sponsors:
        page = login_as(sponsor.contact.user)
        page.goto(f"{live_server.url}/governance/sponsorships/")
        page.locator("a[href*='/governance/sponsorships/']").first.click()
        axe(page)
        page.locator("input[name=accept][value='1']").check()
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url("**/governance/sponsorships/")
    application.refresh_from_db()
    assert application.stage == "review"
    vote = application.votes.get()
    for member in board_members[:2]:
        page = login_as(member)
        page.goto(f"{live_server.url}/manage/governance/board-votes/{vote.pk}/")
        page.locator("input[name=choice][value=approve]").check()
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
    axe(page)
    page.locator(f"form[action$='/board-votes/{vote.pk}/close/'] button").click()
    page.wait_for_selector("#vote-outcome")
    application.refresh_from_db()
    assert application.stage == "admitted"
    assert application.membership.status == "admitted"
    page.goto(f"{live_server.url}/manage/governance/applications/{application.pk}/")
    axe(page)
    assert not [e for e in page.js_errors if "Failed to load resource" not in e]
    call_command("audit_verify")


def test_a_planted_wave_is_detected(live_server, login_as, policy, staff_user, axe):
    planted = [
        apply(data={"ip": f"203.0.113.{i}", "email": f"recrue{i}@entrisme.fr"}) for i in range(4)
    ]
    for membership in planted:
        membership_start_admission(actor=None, membership=membership)
    genuine = apply(data={"ip": "198.51.100.7"})
    membership_start_admission(actor=None, membership=genuine)
    page = login_as(staff_user)
    page.goto(f"{live_server.url}/manage/governance/safeguards/")
    axe(page)
    rows = page.locator("main table tbody tr:has(a[href*='/applications/'])")
    assert rows.count() == 8  # 4 applications × (network block, e-mail domain)
    page.goto(f"{live_server.url}/manage/governance/applications/")
    axe(page)
    flagged = Application.objects.filter(flagged=True).count()
    assert flagged == 4
    assert page.locator(".badge.text-bg-danger").count() == 4
    first = Application.objects.get(membership=planted[0])
    page.goto(f"{live_server.url}/manage/governance/applications/{first.pk}/")
    assert page.locator(".alert-danger li").count() == 2
    assert "203.0.113.0/24" in page.content()
    call_command("audit_verify")
