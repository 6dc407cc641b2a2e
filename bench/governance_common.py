"""Shared set-up for the governance benchmarks: a fresh throw-away database, migrated."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import tempfile
import uuid

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def fresh_database(prefix: str) -> tuple[str, callable]:
    """Point DATABASE_URL at a new database (PostgreSQL if DATABASE_URL is PostgreSQL)."""
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        import psycopg

        admin_url, _, _name = base.rpartition("/")
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"{admin_url}/{name}"

        def drop():
            with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = pathlib.Path(tempfile.mkdtemp()) / f"{prefix}.sqlite3"
        url = f"sqlite:///{path}"

        def drop():
            path.unlink(missing_ok=True)

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guild.config.settings")
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"],
        check=True,
        env=os.environ.copy(),
    )
    return url, drop


def make_members(n: int, *, users: bool = False, groups: int = 0):
    """``n`` active members (organisations, two years' seniority), optionally with users."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from guild.accounts.models import User
    from guild.members.models import (
        College,
        CompanyGroup,
        Membership,
        MembershipCategory,
        MembershipEvent,
        Organisation,
        Person,
    )

    college, _ = College.objects.get_or_create(code="entreprises", defaults={"name": "Entreprises"})
    big, _ = College.objects.get_or_create(
        code="grandes", defaults={"name": "Grandes entreprises", "weight": Decimal("2")}
    )
    cat, _ = MembershipCategory.objects.get_or_create(
        code="entreprise",
        defaults={"name": "Entreprise", "holder": "organisation", "college": college},
    )
    big_cat, _ = MembershipCategory.objects.get_or_create(
        code="grande",
        defaults={"name": "Grande entreprise", "holder": "organisation", "college": big},
    )
    group_objs = [CompanyGroup.objects.create(name=f"Groupe {i}") for i in range(groups)]
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                legal_name=f"Société {i}",
                group=group_objs[i % groups] if groups and i % 10 == 0 else None,
            )
            for i in range(n)
        ]
    )
    user_objs = []
    if users:
        from django.contrib.auth.hashers import make_password

        password = make_password(None)
        user_objs = User.objects.bulk_create(
            [
                User(
                    email=f"votant{i}@bench.example",
                    password=password,
                    first_name="Votant",
                    last_name=str(i),
                )
                for i in range(n)
            ]
        )
    people = Person.objects.bulk_create(
        [
            Person(
                first_name="Votant",
                last_name=str(i),
                email=f"votant{i}@bench.example",
                organisation=orgs[i],
                user=user_objs[i] if users else None,
            )
            for i in range(n)
        ]
    )
    memberships = Membership.objects.bulk_create(
        [
            Membership(
                category=big_cat if i % 25 == 0 else cat,
                organisation=orgs[i],
                contact=people[i],
                status="active",
            )
            for i in range(n)
        ]
    )
    at = timezone.now() - timedelta(days=800)
    MembershipEvent.objects.bulk_create(
        [
            MembershipEvent(membership=m, from_status="admitted", to_status="active", at=at)
            for m in memberships
        ]
    )
    return memberships
