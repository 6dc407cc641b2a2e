"""Booking burst: 200 attempts at the same meeting room and slot from parallel connections
(PostgreSQL). Exactly one must succeed; every other attempt gets the French refusal.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/guild_coworking \
     /work/main/.venv/bin/python bench/booking_burst.py
Uses a throw-away test database (test_<name>), created and dropped by the script.
Threads: 200 attempts over 60 simultaneous connections (PostgreSQL's default
max_connections is 100 and the machine is shared), all released by one barrier per wave.
"""

import os
import pathlib
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guild.config.settings")

import django  # noqa: E402

django.setup()

import contextlib  # noqa: E402

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ATTEMPTS = 200
WORKERS = 60


def main() -> None:
    if not settings.IS_POSTGRES:
        sys.exit("booking_burst needs PostgreSQL: set DATABASE_URL")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from guild.coworking.services import BookingError, booking_create
        from tests.coworking.helpers import at, make_member, make_room, make_space

        room = make_room(make_space())
        users = [make_member() for _ in range(ATTEMPTS)]
        barrier = threading.Barrier(WORKERS)

        def attempt(user):
            try:
                with contextlib.suppress(threading.BrokenBarrierError):
                    barrier.wait(timeout=5)
                booking_create(actor=user, resource=room, start=at(1, 10), end=at(1, 11))
                return "ok"
            except BookingError as exc:
                return str(exc)
            finally:
                connection.close()

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            outcomes = list(pool.map(attempt, users))
        elapsed = time.perf_counter() - started
        ok = outcomes.count("ok")
        refused = [o for o in outcomes if o != "ok"]
        clear = all("déjà réservé" in o for o in refused)
        print(
            f"attempts={ATTEMPTS} succeeded={ok} refused={len(refused)} "
            f"clear_french_refusal={clear} elapsed={elapsed:.2f}s"
        )
        print(f"sample refusal: {refused[0] if refused else '-'}")
        print(f"booking_burst: {ok} successful_bookings_out_of_{ATTEMPTS}")
        if ok != 1 or not clear:
            sys.exit(1)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
