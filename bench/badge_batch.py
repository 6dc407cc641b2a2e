"""One batch PDF of 5,000 badges (A4 sheets with cut marks), rendered in-process.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/guild_bench \\
       /work/main/.venv/bin/python bench/badge_batch.py [badges] [a4|a6]
Prints the time and the peak memory (resident set size) of the process.
"""

from __future__ import annotations

import resource
import sys
import time
from datetime import timedelta

from events_harness import setup_django

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
LAYOUT = sys.argv[2] if len(sys.argv) > 2 else "a4"


def main():
    setup_django()
    from django.utils import timezone

    from guild.events.badges import render_badges
    from guild.events.models import Event, Order, Registration, TicketType
    from guild.events.selectors import badges_for_print

    stamp = timezone.now().strftime("%H%M%S")
    event = Event.objects.create(
        name="Salon du numérique (bench)",
        slug=f"bench-badge-{stamp}",
        status="open",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=4),
    )
    types = [
        TicketType.objects.create(event=event, name=n, colour=c)
        for n, c in (("Visiteur", "#1d4ed8"), ("Exposant", "#7c3aed"), ("Presse", "#be123c"))
    ]
    orders = Order.objects.bulk_create(
        [
            Order(event=event, buyer_name=f"V {i}", buyer_email=f"v{i}@bench.example")
            for i in range(COUNT)
        ],
        batch_size=2000,
    )
    Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                order=o,
                ticket_type=types[i % 3],
                first_name="Camille",
                last_name=f"Martin-{i:05d}",
                company="Octet Limousin",
                email=f"v{i}@bench.example",
            )
            for i, o in enumerate(orders)
        ],
        batch_size=2000,
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    pdf = render_badges(list(badges_for_print(event)), event, layout=LAYOUT)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{COUNT} badges ({LAYOUT}), {len(pdf) / 1e6:.1f} MB PDF, peak RSS {peak:.0f} MB "
        f"(before rendering {before:.0f} MB)"
    )
    print(f"badge_batch: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
