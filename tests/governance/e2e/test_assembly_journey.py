"""Browser journey: a whole extraordinary assembly, from the notice to the signed minutes."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from guild.core.models import OutgoingEmail
from guild.governance.models import Assembly, Resolution, Voter
from guild.governance.services import declaration_submit
from tests.governance.factories import make_membership, person_with_user


def _submit(page, action):
    page.locator(f"main button[name=action][value={action}]").click()
    page.wait_for_load_state()


def test_whole_assembly(live_server, login_as, policy, board_members, staff_user, axe):
    for _ in range(4):
        make_membership(months=24)
    candidates = [person_with_user() for _ in range(2)]
    for person in candidates:
        declaration_submit(
            actor=None,
            person=person,
            year=timezone.localdate().year,
            data={"no_elected_office": True},
            offices=[],
        )
    page = login_as(staff_user)
    # prepare
    page.goto(f"{live_server.url}/manage/governance/assemblies/")
    start = timezone.localtime() + timedelta(days=21)
    page.fill("#id_title", "AGE 2026 – révision des statuts")
    page.select_option("#id_kind", "extraordinary")
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT18:00"))
    page.fill("#id_ends_at", start.strftime("%Y-%m-%dT21:00"))
    page.fill("#id_location", "La Filature, Limoges")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/manage/governance/assemblies/*/")
    assembly = Assembly.objects.get()
    page.fill("#id_ag-title", "Révision de l'article 7 des statuts")
    page.locator("main form:has(input[value=agenda]) button").click()
    page.wait_for_load_state()
    axe(page)
    # convocation
    _submit(page, "convene")
    assembly.refresh_from_db()
    assert assembly.status == "convened"
    assert assembly.roll_count == 4
    notices = OutgoingEmail.objects.filter(template="governance/email/convocation")
    assert notices.count() == 4
    assert notices.first().attachments.get().filename == "convocation.ics"
    voters = list(Voter.objects.filter(assembly=assembly).order_by("pk").select_related("user"))
    # a proxy given online
    page = login_as(voters[0].user)
    page.goto(f"{live_server.url}/governance/assemblies/{assembly.pk}/")
    axe(page)
    page.select_option(f"#holder-{voters[0].pk}", str(voters[1].pk))
    _submit(page, "proxy")
    assert voters[0].proxies_given.filter(holder=voters[1], revoked_at__isnull=True).exists()
    # attendance sheet with live quorum
    page = login_as(staff_user)
    page.goto(f"{live_server.url}/manage/governance/assemblies/{assembly.pk}/attendance/")
    for voter, mode in ((voters[1], "present"), (voters[2], "present"), (voters[3], "remote")):
        page.locator(f"#voter-{voter.pk} button[value={mode}]").click()
        page.wait_for_load_state()
    axe(page)
    page.wait_for_selector("#quorum-live")
    assert "100" in page.locator("#quorum-live").inner_text()
    page.goto(f"{live_server.url}/manage/governance/assemblies/{assembly.pk}/")
    _submit(page, "open")
    # an election and a two-thirds bylaws vote
    board = board_members[0].person.mandates.get().body
    page.select_option("#id_res-kind", "election")
    page.fill("#id_res-title", "Élection au conseil d'administration")
    page.select_option("#id_res-decision_type", "election")
    page.fill("#id_res-seats", "1")
    page.select_option("#id_res-body", str(board.pk))
    page.locator("main form:has(input[value=resolution]) button").click()
    page.wait_for_load_state()
    page.select_option("#id_res-kind", "motion")
    page.fill("#id_res-title", "Révision de l'article 7")
    page.select_option("#id_res-decision_type", "bylaws")
    page.check("#id_res-secret")
    page.locator("main form:has(input[value=resolution]) button").click()
    page.wait_for_load_state()
    election = Resolution.objects.get(kind="election")
    bylaws = Resolution.objects.get(decision_type="bylaws")
    page.goto(f"{live_server.url}/manage/governance/resolutions/{election.pk}/")
    for person in candidates:
        page.fill("#id_cand-person", str(person.pk))
        page.locator("main form:has(input[value=candidate]) button").click()
        page.wait_for_load_state()
    _submit(page, "open")
    page.goto(f"{live_server.url}/manage/governance/resolutions/{bylaws.pk}/")
    _submit(page, "open")
    winner = election.candidates.get(person=candidates[0])
    receipts = []
    for voter, choice in ((voters[1], "yes"), (voters[2], "yes"), (voters[3], "no")):
        page = login_as(voter.user)
        page.goto(f"{live_server.url}/governance/resolutions/{election.pk}/vote/")
        page.check(f"#cand-{winner.pk}")
        page.locator("main form button[type=submit]").click()
        page.wait_for_selector(".receipt")
        receipts += page.locator(".receipt").all_inner_texts()
        page.goto(f"{live_server.url}/governance/resolutions/{bylaws.pk}/vote/")
        page.check(f"#c-{choice}")
        page.locator("main form button[type=submit]").click()
        page.wait_for_selector(".receipt")
    axe(page)
    assert len(receipts) == 4  # voter 1 also votes for the member they represent
    page = login_as(staff_user)
    for resolution in (election, bylaws):
        page.goto(f"{live_server.url}/manage/governance/resolutions/{resolution.pk}/")
        _submit(page, "close")
    bylaws.refresh_from_db()
    election.refresh_from_db()
    assert bylaws.result["adopted"]
    assert bylaws.result["yes"] == "3.0000"
    assert election.result["elected"] == [winner.pk]
    page.goto(f"{live_server.url}/manage/governance/assemblies/{assembly.pk}/")
    _submit(page, "close")
    _submit(page, "minutes")
    assembly.refresh_from_db()
    assert assembly.minutes_sha256
    # sign-off by the président and the secrétaire
    for member, role in ((board_members[0], "president"), (board_members[1], "secretary")):
        page = login_as(member)
        page.goto(f"{live_server.url}/governance/assemblies/{assembly.pk}/results/")
        page.locator(f"main button[name=role][value={role}]").click()
        page.wait_for_load_state()
    axe(page)
    assert (
        receipts[0]
        in page.goto(f"{live_server.url}/governance/resolutions/{election.pk}/tally/").text()
    )
    pdf = page.request.get(
        f"{live_server.url}/manage/governance/assemblies/{assembly.pk}/minutes.pdf"
    )
    assert pdf.status == 200
    assert pdf.body()[:4] == b"%PDF"
    assembly.refresh_from_db()
    assert assembly.minutes_president == board_members[0]
    assert assembly.minutes_secretary == board_members[1]
    call_command("audit_verify")
