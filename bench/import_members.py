"""Benchmark: import a 10,000-row HelloAsso membership export through the import service the
screen uses (validation of every row, then one transaction), then re-import it (nothing new).

Uses its own SQLite file unless DATABASE_URL is set (then use a throwaway database).
Prints elapsed time and peak memory: the process's maximum RSS, and with ``--tracemalloc``
also Python's traced peak (tracing every allocation slows the import by about a third, so
the time is measured without it by default).
"""

import os
import pathlib
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guild.config.settings")
_tmp = pathlib.Path(tempfile.mkdtemp())
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp / 'bench.sqlite3'}")
os.environ.setdefault("MEDIA_ROOT", str(_tmp / "media"))

import django  # noqa: E402

django.setup()

import resource  # noqa: E402
import tracemalloc  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402

N = 10_000
HEADERS = [
    "Référence commande",
    "Date de la commande",
    "Statut de la commande",
    "Nom adhérent",
    "Prénom adhérent",
    "Email payeur",
    "Tarif",
    "Montant tarif",
    "Raison sociale",
    "SIREN",
    "Code postal",
    "Ville",
]


def helloasso_file(n: int, run: str) -> bytes:
    """A HelloAsso-like export: UTF-8 with BOM, semicolons, French dates and decimals; one
    row in five is a company (valid SIREN from the Luhn key)."""
    from stdnum import luhn

    lines = [";".join(HEADERS)]
    for i in range(n):
        company = i % 5 == 0
        siren = ""
        if company:
            base = f"9{i:07d}"
            siren = base + luhn.calc_check_digit(base)
        lines.append(
            ";".join(
                [
                    str(100000 + i),
                    f"{1 + i % 28:02d}/{1 + i % 12:02d}/2026 10:{i % 60:02d}",
                    "Remboursé" if i % 97 == 0 else "Validé",
                    f"Nom{i}",
                    "Élodie",
                    f"adherent{i}.{run}@example.org",
                    "Entreprise" if company else "Indépendant",
                    "1 234,50" if company else "60,00",
                    f"Société {i} {run} SAS" if company else "",
                    siren,
                    "87000",
                    "Limoges",
                ]
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def main():
    call_command("migrate", verbosity=0)
    from guild.members.imports.services import import_batch_create, members_import
    from guild.members.models import Membership, MembershipCategory

    MembershipCategory.objects.get_or_create(
        code="bench-entreprise",
        defaults={"name": "Entreprise", "holder": "organisation", "dues_amount": Decimal(150)},
    )
    MembershipCategory.objects.get_or_create(
        code="bench-independant",
        defaults={
            "name": "Indépendant",
            "holder": "person",
            "dues_amount": Decimal(60),
            "period": "rolling",
        },
    )
    content = helloasso_file(N, run=str(int(time.time())))
    print(f"file: {N} rows, {len(content) / 1e6:.1f} MB")
    before = Membership.objects.count()
    trace = "--tracemalloc" in sys.argv
    if trace:
        tracemalloc.start()
    began = time.perf_counter()
    batch = import_batch_create(
        actor=None, uploaded_file=SimpleUploadedFile("helloasso.csv", content)
    )
    result = members_import(actor=None, batch=batch)
    elapsed = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    if trace:
        tracemalloc.stop()
    assert result.ok, result.errors[:5]
    created = Membership.objects.count() - before
    print(f"summary: {result.summary}")
    print(f"memberships created: {created}")
    began = time.perf_counter()
    again = members_import(
        actor=None,
        batch=import_batch_create(
            actor=None, uploaded_file=SimpleUploadedFile("helloasso.csv", content)
        ),
    )
    reimport = time.perf_counter() - began
    assert again.ok and again.summary["memberships"] == 0
    assert Membership.objects.count() - before == created
    print(f"re-import: {reimport:.1f} s, {again.summary['existing']} matched, 0 created")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    traced = f", {peak / 1e6:.0f} MB traced by tracemalloc" if trace else ""
    print(f"peak memory: {rss:.0f} MB max RSS (whole process){traced}")
    print(f"import_members: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
