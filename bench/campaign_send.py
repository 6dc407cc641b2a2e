"""Benchmark: a personalised campaign to 20,000 recipients delivered to a real SMTP server
(aiosmtpd on 127.0.0.1:8601). The sending worker runs as a separate process; it is killed
(SIGKILL) mid-send, then restarted. The SMTP server counts copies per recipient and per
Message-ID; the script prints how many recipients got no copy and how many got more than one.

Run from the worktree root, with your own PostgreSQL database:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/guild_outreach \
        /work/main/.venv/bin/python bench/campaign_send.py
Last line: ``campaign_send: <messages/s> msg/s``.
"""

import os
import pathlib
import re
import resource
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guild.config.settings")
PORT = int(os.environ.get("BENCH_SMTP_PORT", "8601"))
os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{PORT}"
os.environ.setdefault("TASKS_BACKEND", "immediate")

import django  # noqa: E402

django.setup()

N = int(os.environ.get("BENCH_RECIPIENTS", "20000"))
MSGID = re.compile(rb"^Message-ID:\s*(\S+)", re.I | re.M)


def worker(campaign_id: int) -> None:
    from guild.outreach.campaigns import campaign_run

    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        cProfile.runctx("campaign_run(campaign_id)", globals(), locals(), sort="cumtime")
    else:
        campaign_run(campaign_id)


class Inbox:
    def __init__(self):
        self.copies: Counter = Counter()
        self.message_ids: Counter = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        match = MSGID.search(envelope.original_content or envelope.content)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.copies[rcpt.lower()] += 1
            if match:
                self.message_ids[match.group(1)] += 1
        return "250 OK"

    @property
    def total(self) -> int:
        return sum(self.copies.values())


def build() -> int:
    from django.core.management import call_command
    from django.utils import timezone

    from guild.outreach.campaigns import campaign_schedule
    from guild.outreach.models import Campaign, Contact, MailingList, Subscription

    call_command("migrate", verbosity=0)
    Campaign.objects.all().delete()
    Subscription.objects.all().delete()
    Contact.objects.all().delete()
    MailingList.objects.filter(slug="bench").delete()
    mailing_list = MailingList.objects.create(name="Bench", slug="bench")
    now = timezone.now()
    Contact.objects.bulk_create(
        [
            Contact(
                email=f"r{i:05d}@bench.example.org",
                first_name=f"Prénom{i}",
                last_name=f"Nom{i}",
                organisation_name=f"Société {i % 500}",
            )
            for i in range(N)
        ],
        batch_size=2000,
    )
    Subscription.objects.bulk_create(
        [
            Subscription(
                contact_id=pk, mailing_list=mailing_list, status="active", confirmed_at=now
            )
            for pk in Contact.objects.values_list("pk", flat=True)
        ],
        batch_size=2000,
    )
    campaign = Campaign.objects.create(
        subject="Bonjour {{ prenom }}, le salon arrive",
        preheader="Réservez votre badge",
        body="Bonjour **{{ prenom }} {{ nom }}**,\n\nLe salon ouvre ses portes. "
        "[Réservez votre badge](https://example.org/salon) pour {{ organisation }}.\n\n"
        "- Conférences\n- Rendez-vous d'affaires\n- Exposants\n",
        mailing_list=mailing_list,
    )
    campaign_schedule(actor=None, campaign=campaign, when=timezone.now())
    return campaign.pk


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        worker(int(sys.argv[2]))
        return
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    from guild.outreach.models import CampaignSend

    campaign_id = build()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=PORT, data_size_limit=None)
    controller.start()
    cmd = [sys.executable, __file__, "--worker", str(campaign_id)]
    started = time.monotonic()
    first = subprocess.Popen(cmd)
    while inbox.total < N // 3 and first.poll() is None:
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed_at = inbox.total
    second = subprocess.Popen(cmd)
    second.wait()
    elapsed = time.monotonic() - started
    time.sleep(0.5)
    controller.stop()
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    statuses = Counter(
        CampaignSend.objects.filter(campaign_id=campaign_id).values_list("status", flat=True)
    )
    duplicates = sum(1 for c in inbox.copies.values() if c > 1)
    extra_copies = sum(c - 1 for c in inbox.copies.values() if c > 1)
    same_id = sum(1 for c in inbox.message_ids.values() if c > 1)
    received = len(inbox.copies)
    missing = N - received
    rate = inbox.total / elapsed
    print(
        f"recipients: {N}; killed after {killed_at} messages; received by SMTP: "
        f"{inbox.total} messages, {len(inbox.message_ids)} distinct Message-IDs, "
        f"{received} distinct recipients"
    )
    print(
        f"missing: {missing} recipients; duplicated: {duplicates} recipients "
        f"({extra_copies} extra copies, {same_id} of them recognisable by a repeated Message-ID)"
    )
    print(f"send states: {dict(statuses)}")
    print(f"worker peak RSS: {peak_mb:.0f} MB; elapsed (both workers): {elapsed:.1f} s")
    print(f"campaign_send: {rate:.0f} msg/s")


if __name__ == "__main__":
    main()
