"""Benchmark: stream a generated 2,000,000-row Sirene establishments file and keep the region's
active digital establishments (the filter the import runs before writing).

Run: /work/main/.venv/bin/python bench/sirene_import.py [rows]
Targets: >= 50,000 rows/s, peak memory < 300 MB.
"""

from __future__ import annotations

import os
import pathlib
import random
import resource
import sys
import tempfile
import time
import tracemalloc

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guild.config.settings")

import django  # noqa: E402

django.setup()

from guild.insights import sirene  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
REGION = frozenset({"16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"})
DIGITAL_CODES = [
    "62.01Z",
    "62.02A",
    "62.02B",
    "62.03Z",
    "62.09Z",
    "63.11Z",
    "63.12Z",
    "58.21Z",
    "58.29A",
    "58.29B",
    "58.29C",
    "61.10Z",
    "61.20Z",
    "61.90Z",
]
OTHER_CODES = [
    "56.10A",
    "47.11F",
    "43.21A",
    "68.20A",
    "86.21Z",
    "96.02A",
    "41.20A",
    "70.22Z",
    "69.20Z",
    "49.41A",
    "10.71C",
    "45.20A",
    "81.21Z",
    "85.59A",
    "01.11Z",
]
BANDS = ["NN", "NN", "NN", "NN", "00", "01", "02", "03", "11", "12", "21", "22", ""]
DEPARTEMENTS = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "974"]


def generate(path: pathlib.Path, rows: int) -> None:
    """A file with the real header and realistic rows (addresses, dates, quoted fields).

    Rows are built from a per-row template (the constant columns are laid out once) so that
    generating 2,000,000 rows stays well under a minute.
    """
    rng = random.Random(9)
    columns = sirene.SIRENE_COLUMNS
    index = {name: i for i, name in enumerate(columns)}
    template = [""] * len(columns)
    varying = [
        "siren",
        "nic",
        "siret",
        "dateCreationEtablissement",
        "trancheEffectifsEtablissement",
        "libelleVoieEtablissement",
        "codePostalEtablissement",
        "codeCommuneEtablissement",
        "identifiantAdresseEtablissement",
        "etatAdministratifEtablissement",
        "activitePrincipaleEtablissement",
        "nomenclatureActivitePrincipaleEtablissement",
    ]
    for name, value in {
        "statutDiffusionEtablissement": "O",
        "dateDernierTraitementEtablissement": "2024-03-22T14:10:33",
        "etablissementSiege": "true",
        "nombrePeriodesEtablissement": "2",
        "numeroVoieEtablissement": "12",
        "typeVoieEtablissement": "RUE",
        "libelleCommuneEtablissement": "COMMUNE",
        "dateDebut": "2020-01-01",
        "coordonneeLambertAbscisseEtablissement": "564183.4",
        "coordonneeLambertOrdonneeEtablissement": "6529866.2",
        "caractereEmployeurEtablissement": "N",
    }.items():
        template[index[name]] = value
    for name in varying:
        template[index[name]] = "{" + name + "}"
    line = ",".join(template) + "\n"
    communes = []
    for dep in DEPARTEMENTS:
        for n in range(1, 40):
            communes.append(dep + (f"{n:02d}" if len(dep) == 3 else f"{n * 7:03d}"))
    dates = [
        f"{y}-{m:02d}-{d:02d}" for y in range(1970, 2026) for m in (1, 4, 7, 10) for d in (3, 17)
    ]
    streets = ["DES TISSERANDS", '"DES TISSERANDS, BATIMENT B"', "JEAN JAURES", "DE PARIS"]
    choice, rand = rng.choice, rng.random
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(columns) + "\n")
        chunk = []
        for n in range(rows):
            commune = choice(communes)
            siren = f"{300000000 + n:09d}"
            nic = f"{10 + n % 99989:05d}"
            chunk.append(
                line.format(
                    siren=siren,
                    nic=nic,
                    siret=siren + nic,
                    dateCreationEtablissement=choice(dates),
                    trancheEffectifsEtablissement=choice(BANDS),
                    libelleVoieEtablissement=choice(streets),
                    codePostalEtablissement=commune[:2] + "000",
                    codeCommuneEtablissement=commune,
                    identifiantAdresseEtablissement=commune + "_0042_00012",
                    etatAdministratifEtablissement="A" if rand() < 0.6 else "F",
                    activitePrincipaleEtablissement=choice(
                        DIGITAL_CODES if rand() < 0.06 else OTHER_CODES
                    ),
                    nomenclatureActivitePrincipaleEtablissement="NAFRev2"
                    if rand() < 0.97
                    else "NAFRev1",
                )
            )
            if len(chunk) == 10_000:
                out.writelines(chunk)
                chunk = []
        out.writelines(chunk)


def run(path: pathlib.Path, digital: dict) -> tuple[sirene.ScanStats, int, float]:
    stats = sirene.ScanStats()
    started = time.perf_counter()
    kept = 0
    with path.open("rb") as raw:
        for _row in sirene.scan(
            sirene.open_text(raw, path.name), departements=REGION, digital=digital, stats=stats
        ):
            kept += 1
    return stats, kept, time.perf_counter() - started


def main() -> None:
    digital = {}
    for code in DIGITAL_CODES:
        for spelling in sirene.naf_variants(code):
            digital[("NAFRev2", spelling)] = code
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "StockEtablissement_utf8.csv"
        started = time.perf_counter()
        generate(path, ROWS)
        size_mb = path.stat().st_size / 1e6
        print(
            f"generated {ROWS:,} rows ({size_mb:.0f} MB) in {time.perf_counter() - started:.1f} s"
        )
        stats, kept, elapsed = run(path, digital)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # tracemalloc slows every allocation down ~10x: measure the Python heap's peak on a
        # second, separate pass over a 200,000-row prefix of the same format.
        small = pathlib.Path(tmp) / "prefix.csv"
        generate(small, min(ROWS, 200_000))
        tracemalloc.start()
        run(small, digital)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rate = stats.rows_read / elapsed
    print(f"read {stats.rows_read:,} rows, kept {kept:,} in {elapsed:.1f} s")
    print(
        f"max RSS {rss_mb:.0f} MB (whole process, file streamed); tracemalloc peak "
        f"{peak / 1e6:.1f} MB on the traced pass (targets: >= 50,000 rows/s, < 300 MB)"
    )
    print(f"sirene_import: {rate:.0f} rows/s")


if __name__ == "__main__":
    main()
