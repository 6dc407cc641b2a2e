"""Demo data: a synthetic Sirene extract of Nouvelle-Aquitaine imported through the real service."""

from __future__ import annotations

import csv
import io

from guild.insights.models import Baseline
from guild.insights.sirene import SIRENE_COLUMNS

DEMO_NAF = [
    ("62.01Z", "Programmation informatique"),
    ("62.02A", "Conseil en systèmes et logiciels informatiques"),
    ("62.09Z", "Autres activités informatiques"),
    ("63.11Z", "Traitement de données, hébergement et activités connexes"),
    ("58.29C", "Édition de logiciels applicatifs"),
]
COMMUNES = [
    ("87085", "LIMOGES"),
    ("87114", "PANAZOL"),
    ("87154", "SAINT-JUNIEN"),
    ("19272", "TULLE"),
    ("19031", "BRIVE-LA-GAILLARDE"),
    ("23096", "GUERET"),
    ("33063", "BORDEAUX"),
    ("86194", "POITIERS"),
    ("64445", "PAU"),
    ("17300", "LA ROCHELLE"),
    ("24322", "PERIGUEUX"),
    ("16015", "ANGOULEME"),
]
BANDS = ["NN", "NN", "NN", "00", "01", "01", "02", "03", "11", "12", "21"]


def _siren(n: int) -> str:
    base = f"{800000000 + n * 7919:09d}"[:8]
    total = 0
    for index, digit in enumerate(reversed(base + "0")):
        value = int(digit) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return base + str((10 - total % 10) % 10)


def seed(ctx) -> None:
    from guild.insights.services import baseline_import
    from guild.members.models import NafCode, Organisation

    for code, label in DEMO_NAF:
        NafCode.objects.get_or_create(
            version="NAFRev2", code=code, defaults={"label": label, "is_digital": True}
        )
    if Baseline.objects.exists():
        ctx.log("insights: baseline already there")
        return
    rng = ctx.rng
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SIRENE_COLUMNS)
    index = {name: i for i, name in enumerate(SIRENE_COLUMNS)}

    def row(siren, nic, commune, name, naf, band, state="A"):
        values = [""] * len(SIRENE_COLUMNS)
        for key, value in {
            "siren": siren,
            "nic": nic,
            "siret": siren + nic,
            "statutDiffusionEtablissement": "O",
            "dateCreationEtablissement": f"{rng.randint(1995, 2025)}-0{rng.randint(1, 9)}-15",
            "trancheEffectifsEtablissement": band,
            "codeCommuneEtablissement": commune,
            "libelleCommuneEtablissement": name,
            "etatAdministratifEtablissement": state,
            "activitePrincipaleEtablissement": naf,
            "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
        }.items():
            values[index[key]] = value
        return values

    members = Organisation.objects.exclude(siret__isnull=True).exclude(siret="")
    for organisation in members:
        commune, name = COMMUNES[rng.randrange(3)]
        writer.writerow(
            row(
                organisation.siret[:9],
                organisation.siret[9:],
                commune,
                name,
                rng.choice(DEMO_NAF)[0],
                rng.choice(BANDS),
            )
        )
    for n in range(600):
        commune, name = rng.choice(COMMUNES)
        writer.writerow(
            row(
                _siren(n),
                "00017",
                commune,
                name,
                rng.choice(DEMO_NAF)[0],
                rng.choice(BANDS),
                state="A" if n % 9 else "F",
            )
        )
    users = ctx.shared.get("users", {})
    baseline = baseline_import(
        actor=users.get("staff"),
        raw=io.BytesIO(buffer.getvalue().encode("utf-8")),
        source_name="StockEtablissement_demo.csv",
    )
    ctx.log(f"insights: baseline #{baseline.pk} ({baseline.status}, {baseline.rows_kept} kept)")
