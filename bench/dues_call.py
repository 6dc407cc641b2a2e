"""Benchmark: the yearly dues call for 5,000 memberships (invoices + e-mails queued).

Uses its own SQLite file unless DATABASE_URL is set (then use a throwaway database).
"""

import os
import pathlib
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guild.config.settings")
_tmp = pathlib.Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}")

import django  # noqa: E402

django.setup()

from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

N = 5000


def main():
    call_command("migrate", verbosity=0)
    from guild.members.dues_call import dues_call_run
    from guild.members.models import Membership, MembershipCategory, Person

    category, _ = MembershipCategory.objects.get_or_create(
        code="bench",
        defaults={"name": "Indépendant", "holder": "person", "dues_amount": Decimal("60.00")},
    )
    year = timezone.localdate().year + 1
    start = Person.objects.count()
    people = Person.objects.bulk_create(
        [
            Person(
                first_name="Camille",
                last_name=f"Bench {start + i}",
                email=f"bench{start + i}@example.org",
            )
            for i in range(N)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                category=category,
                person=p,
                contact=p,
                status="active",
                dues_amount=Decimal("60.00"),
            )
            for p in people
        ]
    )
    began = time.perf_counter()
    result = dues_call_run(actor=None, year=year)
    elapsed = time.perf_counter() - began
    print(f"invoiced {result['invoiced']}, e-mails queued {result['emailed']}")
    print(f"dues_call: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
