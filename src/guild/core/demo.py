"""Demo data plumbing. Each app may ship ``<app>/demo.py`` with ``seed(ctx: DemoContext)``.

Seeders run in ``settings.GUILD_APPS`` order, must be idempotent (re-running creates nothing
new: look up a sentinel object first) and register the logins they create with
``ctx.add_login(role, email)`` even when they find the data already there.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.conf import settings


@dataclass
class DemoContext:
    stdout: object
    password: str = field(default_factory=lambda: settings.GUILD_DEMO_PASSWORD)
    logins: list[tuple[str, str]] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    # Apps may share objects created earlier in the run (e.g. "users" -> {role: user}).
    shared: dict = field(default_factory=dict)

    def add_login(self, role: str, email: str) -> None:
        if (str(role), email) not in self.logins:
            self.logins.append((str(role), email))

    def log(self, message: str) -> None:
        self.stdout.write(f"  {message}")


def seed(*, stdout) -> DemoContext:
    from guild.core.identity import DEFAULT_IDENTITY
    from guild.core.models import AssociationIdentity

    ctx = DemoContext(stdout=stdout)
    AssociationIdentity.objects.get_or_create(
        pk=1,
        defaults={
            **DEFAULT_IDENTITY,
            "name": "Numérique en Région – Association des professionnels du numérique",
            "short_name": "Numérique en Région",
            "tagline": "Soit on se bouge dans la région, soit on crève.",
            "address_line": "12 rue des Tisserands",
            "postal_code": "87000",
            "city": "Limoges",
            "siren": "732829320",
            "rna": "W872001234",
            "contact_email": "contact@numerique-en-region.fr",
            "phone": "05 55 00 00 00",
            "website": "https://numerique-en-region.fr",
            "brand_colour": "#0b5394",
            "legal_mentions": (
                "Association régie par la loi du 1er juillet 1901, déclarée en préfecture de la "
                "Haute-Vienne. TVA non applicable, article 261-7-1° du CGI, sauf mention "
                "contraire."
            ),
        },
    )
    return ctx
