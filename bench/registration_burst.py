"""Free registrations on a quota-limited ticket type, through the API, for a fixed time.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/guild_bench \\
       /work/main/.venv/bin/python bench/registration_burst.py [seconds]
Prints registrations/s, p50/p99 latency, and checks zero oversell (quota used == rows).
"""

from __future__ import annotations

import sys
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

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0


def main():
    setup_django()
    from django.utils import timezone

    from guild.events.models import Event, Quota, Registration, TicketType

    stamp = timezone.now().strftime("%H%M%S")
    event = Event.objects.create(
        name="Bench burst",
        slug=f"bench-burst-{stamp}",
        status="open",
        starts_at=timezone.now() + timedelta(days=10),
        ends_at=timezone.now() + timedelta(days=11),
    )
    quota_size = int(SECONDS * 400)  # sized so a fast run sells out: oversell would show
    quota = Quota.objects.create(event=event, name="Capacité", size=quota_size)
    ticket = TicketType.objects.create(event=event, name="Visiteur", max_per_order=5)
    ticket.quotas.add(quota)
    token = bench_token()
    attempts = int(SECONDS * 900)
    bodies = [
        dumps(
            {
                "buyer_name": f"Visiteur {i}",
                "buyer_email": f"v{i}@bench.example",
                "attendees": [
                    {"ticket_type": ticket.pk, "first_name": "Visiteur", "last_name": str(i)}
                ],
            }
        )
        for i in range(attempts)
    ]
    with Server() as server:
        server_before, pg_before = server.cpu(), postgres_backend_cpu()
        elapsed, latencies, statuses, _ = load(
            bodies, f"/api/v1/events/{event.slug}/orders/", token, seconds=SECONDS
        )
        server_cpu = server.cpu() - server_before
        pg_cpu = postgres_backend_cpu() - pg_before
    created = statuses.count(201)
    sold_out = statuses.count(400)
    errors = len(statuses) - created - sold_out
    quota.refresh_from_db()
    rows = Registration.objects.filter(event=event).count()
    oversold = max(rows - quota_size, 0) + abs(quota.used - rows)
    print(
        f"requests: {len(statuses)} in {elapsed:.1f} s; created {created}, sold out "
        f"{sold_out}, errors {errors}"
    )
    print(
        f"latency p50 {percentile(latencies, 50) * 1000:.0f} ms, p99 "
        f"{percentile(latencies, 99) * 1000:.0f} ms"
    )
    print(f"quota {quota.used}/{quota_size}, registrations {rows}, oversell {oversold}")
    print(cpu_report(len(statuses), server_cpu, load.client_cpu, pg_cpu, server))
    # The quota is sized so that a fast run sells out before the end: from then on the
    # server only answers "sold out", so the rate is taken over the time places remained.
    selling = elapsed
    if quota.used >= quota_size:
        selling = max(t for t, s in zip(load.finished, statuses, strict=True) if s == 201)
        print(f"sold out after {selling:.1f} s of {elapsed:.1f} s")
    print(f"registration_burst: {created / selling:.0f} registrations/s")


if __name__ == "__main__":
    main()
