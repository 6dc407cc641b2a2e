"""Freeze the roll of a 2,000-member assembly with 300 proxies and compute every result.

Run: /work/main/.venv/bin/python bench/assembly_tally.py   (DATABASE_URL=postgres://… for PG)
"""

import os
import pathlib
import random
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guild.config.settings")

from governance_common import fresh_database, make_members  # noqa: E402

MEMBERS, PROXIES = 2000, 300


def main() -> None:
    _url, drop = fresh_database("gov_tally")
    try:
        import django

        django.setup()
        run()
    finally:
        from django.db import connections

        connections.close_all()
        drop()


def run() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from guild.governance.models import (
        Attendance,
        Ballot,
        Participation,
        Proxy,
        Voter,
    )
    from guild.governance.services import (
        agenda_item_add,
        assembly_convene,
        assembly_create,
        assembly_open,
        policy_create_version,
        resolution_add,
        resolution_close,
        resolution_open,
        resolution_record_open_vote,
    )
    from guild.governance.services.ballots import receipt_code
    from guild.members.models import Person

    rng = random.Random(7)
    make_members(MEMBERS, groups=20)
    policy_create_version(
        actor=None,
        data={"group_vote_cap_percent": 5},
        effective_from=timezone.localdate(),
        check_permission=False,
    )
    start = timezone.now() + timedelta(days=30)
    assembly = assembly_create(
        actor=None,
        title="AGE",
        kind="extraordinary",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        location="Limoges",
    )
    agenda_item_add(actor=None, assembly=assembly, title="Statuts")

    t0 = time.perf_counter()
    assembly_convene(actor=None, assembly=assembly)  # freezes the roll
    t_roll = time.perf_counter() - t0

    voters = list(Voter.objects.filter(assembly=assembly).order_by("pk"))
    rng.shuffle(voters)
    holders, givers = voters[:150], voters[1200 : 1200 + PROXIES]
    Proxy.objects.bulk_create(
        [Proxy(assembly=assembly, giver=g, holder=holders[i % 150]) for i, g in enumerate(givers)]
    )
    attending = voters[:1200]
    Attendance.objects.bulk_create(
        [
            Attendance(voter=v, assembly=assembly, mode="present" if i % 3 else "remote")
            for i, v in enumerate(attending)
        ]
    )
    assembly_open(actor=None, assembly=assembly)
    motions = [
        resolution_add(
            actor=None,
            assembly=assembly,
            title=f"Résolution {i}",
            decision_type="bylaws",
            secret=i % 2 == 0,
        )
        for i in range(4)
    ]
    election = resolution_add(
        actor=None,
        assembly=assembly,
        title="Conseil",
        decision_type="election",
        kind="election",
        seats=4,
    )
    people = Person.objects.all()[:8]
    from guild.governance.models import Candidate

    Candidate.objects.bulk_create([Candidate(resolution=election, person=p) for p in people])
    casting = attending + givers
    for resolution in [*motions, election]:
        resolution_open(actor=None, resolution=resolution)
        if not resolution.secret:
            resolution_record_open_vote(
                actor=None, resolution=resolution, yes=900, no=300, abstain=100
            )
            continue
        cand_ids = list(resolution.candidates.values_list("pk", flat=True))
        Participation.objects.bulk_create(
            [Participation(resolution=resolution, voter=v) for v in casting]
        )
        Ballot.objects.bulk_create(
            [
                Ballot(
                    resolution=resolution,
                    weight=v.weight,
                    receipt=receipt_code(),
                    choice="" if cand_ids else rng.choice(["yes", "yes", "no", "abstain"]),
                    candidates=rng.sample(cand_ids, 4) if cand_ids else [],
                )
                for v in casting
            ],
            batch_size=1000,
        )
    t1 = time.perf_counter()
    results = [resolution_close(actor=None, resolution=r) for r in [*motions, election]]
    t_results = time.perf_counter() - t1
    total = t_roll + t_results
    assembly.refresh_from_db()
    print(
        f"roll: {assembly.roll_count} voters frozen in {t_roll:.3f} s "
        f"(weight {assembly.roll_weight}, {Voter.objects.filter(capped=True).count()} capped)"
    )
    print(
        f"results: {len(results)} resolutions ({len(casting)} ballots each when secret) "
        f"counted in {t_results:.3f} s; target 2 s; ratio {total / 2:.2f}"
    )
    assert all(r.status == "closed" for r in results)
    print(f"assembly_tally: {total:.3f} s")


if __name__ == "__main__":
    main()
