"""Redeem calls on an event with 20,000 registrations, each badge scanned once, through the
API (token with the ``checkin`` scope).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/guild_bench \\
       /work/main/.venv/bin/python bench/checkin_scan.py [registrations] [seconds]
Each badge is scanned at most once, in random order, until every badge is scanned or the time
is up. Prints scans/s, p50/p99 latency and checks every accepted scan was recorded exactly
once (no badge twice, none lost).
"""

from __future__ import annotations

import random
import sys
import uuid
from datetime import timedelta

from events_harness import (
    Server,
    bench_token,
    cpu_report,
    dumps,
    load,
    percentile,
    postgres_backend_cpu,
    setup_django,
)

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0


def main():
    setup_django()
    from django.utils import timezone

    from guild.events.models import CheckinList, Event, Order, Registration, Scan, TicketType
    from guild.events.tokens import make_token

    stamp = timezone.now().strftime("%H%M%S")
    event = Event.objects.create(
        name="Bench scans",
        slug=f"bench-scan-{stamp}",
        status="open",
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=8),
    )
    ticket = TicketType.objects.create(event=event, name="Visiteur")
    checkin_list = CheckinList.objects.create(event=event, name="Entrée")
    orders = Order.objects.bulk_create(
        [
            Order(event=event, buyer_name=f"V {i}", buyer_email=f"v{i}@bench.example")
            for i in range(COUNT)
        ],
        batch_size=2000,
    )
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                order=o,
                ticket_type=ticket,
                first_name="Visiteur",
                last_name=str(i),
                email=f"v{i}@bench.example",
            )
            for i, o in enumerate(orders)
        ],
        batch_size=2000,
    )
    random.Random(8).shuffle(registrations)
    token = bench_token()
    now = timezone.now().isoformat()
    bodies = [
        dumps(
            {
                "token": make_token(r.pk, r.badge_key),
                "list": checkin_list.pk,
                "direction": "entry",
                "nonce": uuid.uuid4().hex,
                "scanned_at": now,
                "gate": "A",
            }
        )
        for r in registrations
    ]
    with Server() as server:
        server_before, pg_before = server.cpu(), postgres_backend_cpu()
        elapsed, latencies, statuses, responses = load(
            bodies, "/api/v1/checkin/redeem/", token, seconds=SECONDS
        )
        server_cpu = server.cpu() - server_before
        pg_cpu = postgres_backend_cpu() - pg_before
    ok = sum(
        1
        for s, b in zip(statuses, responses, strict=True)
        if s == 200 and b.startswith(b'{"status":"ok"')
    )
    scans = Scan.objects.filter(checkin_list=checkin_list)
    recorded = scans.count()
    distinct = scans.values("registration_id").distinct().count()
    print(
        f"{COUNT} registrations; requests: {len(statuses)} in {elapsed:.1f} s; accepted {ok}; "
        f"recorded {recorded}, distinct badges {distinct}"
    )
    print(
        f"latency p50 {percentile(latencies, 50) * 1000:.1f} ms, p99 "
        f"{percentile(latencies, 99) * 1000:.1f} ms"
    )
    assert recorded == distinct == ok == len(statuses), "a scan was lost or counted twice"
    print(cpu_report(len(statuses), server_cpu, load.client_cpu, pg_cpu, server))
    print(f"checkin_scan: {len(statuses) / elapsed:.0f} scans/s")


if __name__ == "__main__":
    main()
