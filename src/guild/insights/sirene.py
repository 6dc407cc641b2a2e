"""Streaming reader for INSEE's Sirene establishments stock file (``StockEtablissement``).

The national file holds tens of millions of rows: it is read line by line with the ``csv``
module over a text stream (plain, ``.gz`` or ``.zip``), never loaded whole. The cheap tests
(column count, département, administrative state, NAF code) run first; full validation runs
only on the rows kept. Pure Python, no database: the benchmark and the import share it.
"""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from django.utils.translation import gettext as _

# Header of the public file, in the order INSEE publishes it (2024-2025 edition).
SIRENE_COLUMNS = [
    "siren",
    "nic",
    "siret",
    "statutDiffusionEtablissement",
    "dateCreationEtablissement",
    "trancheEffectifsEtablissement",
    "anneeEffectifsEtablissement",
    "activitePrincipaleRegistreMetiersEtablissement",
    "dateDernierTraitementEtablissement",
    "etablissementSiege",
    "nombrePeriodesEtablissement",
    "complementAdresseEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "dernierNumeroVoieEtablissement",
    "indiceRepetitionDernierNumeroVoieEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "libelleCommuneEtrangerEtablissement",
    "distributionSpecialeEtablissement",
    "codeCommuneEtablissement",
    "codeCedexEtablissement",
    "libelleCedexEtablissement",
    "codePaysEtrangerEtablissement",
    "libellePaysEtrangerEtablissement",
    "identifiantAdresseEtablissement",
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "complementAdresse2Etablissement",
    "numeroVoie2Etablissement",
    "indiceRepetition2Etablissement",
    "typeVoie2Etablissement",
    "libelleVoie2Etablissement",
    "codePostal2Etablissement",
    "libelleCommune2Etablissement",
    "libelleCommuneEtranger2Etablissement",
    "distributionSpeciale2Etablissement",
    "codeCommune2Etablissement",
    "codeCedex2Etablissement",
    "libelleCedex2Etablissement",
    "codePaysEtranger2Etablissement",
    "libellePaysEtranger2Etablissement",
    "dateDebut",
    "etatAdministratifEtablissement",
    "enseigne1Etablissement",
    "enseigne2Etablissement",
    "enseigne3Etablissement",
    "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
]
REQUIRED_COLUMNS = (
    "siren",
    "nic",
    "siret",
    "dateCreationEtablissement",
    "trancheEffectifsEtablissement",
    "codeCommuneEtablissement",
    "etatAdministratifEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
)
# Nomenclatures Sirene uses for the main activity (historic ones included).
KNOWN_NOMENCLATURES = frozenset({"NAFRev2", "NAFRev1", "NAF1993", "NAP", "NAF2025"})
HEADCOUNT_CODES = frozenset(
    {
        "NN",
        "00",
        "01",
        "02",
        "03",
        "11",
        "12",
        "21",
        "22",
        "31",
        "32",
        "41",
        "42",
        "51",
        "52",
        "53",
    }
)
MAX_ERRORS = 50


def departement_of(commune_code: str) -> str:
    """Département of an INSEE commune code: 2 characters, 3 for overseas (97x)."""
    return commune_code[:3] if commune_code[:2] == "97" else commune_code[:2]


def naf_variants(code: str) -> set[str]:
    """``62.01Z`` and ``6201Z`` name the same class: accept both spellings."""
    bare = code.replace(".", "").upper()
    variants = {code.upper(), bare}
    if len(bare) == 5:
        variants.add(f"{bare[:2]}.{bare[2:]}")
    return variants


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}


class SireneFileError(Exception):
    """The file cannot be used; ``errors`` lists what is wrong, line and column."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(f"{e.line}: {e.message}" for e in errors[:3]))


@dataclass
class KeptRow:
    line: int
    siren: str
    siret: str
    naf_version: str
    naf_code: str
    headcount_band: str
    departement: str
    commune_code: str
    commune_name: str
    created_on: date | None


@dataclass
class ScanStats:
    rows_read: int = 0
    rows_kept: int = 0
    rows_in_region: int = 0
    departements_seen: set = field(default_factory=set)


def open_text(raw: IO[bytes], name: str) -> IO[str]:
    """A strict UTF-8 text stream over a plain, ``.gz`` or ``.zip`` Sirene file."""
    lowered = name.lower()
    if lowered.endswith(".zip"):
        archive = zipfile.ZipFile(raw)
        members = [n for n in archive.namelist() if n.lower().endswith(".csv")]
        if not members:
            raise SireneFileError([RowError(0, "", _("The ZIP archive holds no CSV file."))])
        raw = archive.open(members[0])
    elif lowered.endswith(".gz"):
        raw = gzip.GzipFile(fileobj=raw)
    return io.TextIOWrapper(raw, encoding="utf-8", errors="strict", newline="")


def scan(
    stream: IO[str],
    *,
    departements: frozenset[str],
    digital: dict[tuple[str, str], str],
    stats: ScanStats | None = None,
) -> Iterator[KeptRow]:
    """Yield the active, digital establishments of ``departements``; raise on a bad file.

    ``digital`` maps (nomenclature, code spelling) to the canonical NAF code.
    """
    stats = stats if stats is not None else ScanStats()
    reader = csv.reader(stream, strict=True)
    line = 1
    try:
        header = next(reader, None)
    except UnicodeDecodeError:
        raise SireneFileError([RowError(1, "", _("The file is not encoded in UTF-8."))]) from None
    if not header:
        raise SireneFileError([RowError(1, "", _("The file is empty."))])
    header = [name.strip().lstrip("\ufeff") for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise SireneFileError(
            [
                RowError(
                    1, name, _("Column “%(column)s” is missing from the header.") % {"column": name}
                )
                for name in missing
            ]
        )
    ncols = len(header)
    i_siren, i_nic, i_siret = (header.index(n) for n in ("siren", "nic", "siret"))
    i_created = header.index("dateCreationEtablissement")
    i_band = header.index("trancheEffectifsEtablissement")
    i_commune = header.index("codeCommuneEtablissement")
    i_state = header.index("etatAdministratifEtablissement")
    i_naf = header.index("activitePrincipaleEtablissement")
    i_nomen = header.index("nomenclatureActivitePrincipaleEtablissement")
    i_name = (
        header.index("libelleCommuneEtablissement")
        if ("libelleCommuneEtablissement" in header)
        else None
    )
    errors: list[RowError] = []
    seen_siret: set[str] = set()
    seen_deps = stats.departements_seen
    known = KNOWN_NOMENCLATURES
    commas = ncols - 1
    split_at = i_commune + 1
    count = 0
    line = reader.line_num
    lines = iter(stream)
    try:
        for text in lines:
            line += 1
            if '"' in text:
                # Quoted fields (commas or line breaks inside): let the csv module parse them.
                first = line
                while text.count('"') % 2:
                    more = next(lines, None)
                    if more is None:
                        raise SireneFileError(
                            [
                                RowError(
                                    first,
                                    "",
                                    _("Line %(line)s cannot be read: %(error)s (truncated file?).")
                                    % {"line": first, "error": "unexpected end of data"},
                                )
                            ]
                        )
                    text += more
                    line += 1
                row = next(csv.reader([text], strict=True), [])
                if len(row) != ncols:
                    count += 1
                    _bad_length(row, first, ncols)
                    continue
                commune = row[i_commune]
            else:
                text = text.rstrip("\r\n")
                if text.count(",") != commas:
                    if not text:
                        continue
                    count += 1
                    _bad_length(text.split(","), line, ncols)
                commune = text.split(",", split_at)[i_commune]
                row = None
            count += 1
            # Cheapest tests first: département, then state, then NAF code.
            dep = commune[:3] if commune[:2] == "97" else commune[:2]
            if dep not in departements:
                seen_deps.add(dep)
                continue
            stats.rows_in_region += 1
            if row is None:
                row = text.split(",")
            if row[i_state] != "A":
                continue
            nomen = row[i_nomen]
            canonical = digital.get((nomen, row[i_naf]))
            if canonical is None:
                if nomen and nomen not in known:
                    errors.append(
                        RowError(
                            line,
                            "nomenclatureActivitePrincipaleEtablissement",
                            _("Unknown NAF nomenclature “%(value)s”.") % {"value": nomen},
                        )
                    )
                    if len(errors) >= MAX_ERRORS:
                        break
                continue
            kept = _validate(
                row,
                line,
                errors,
                i_siren,
                i_nic,
                i_siret,
                i_created,
                i_band,
                dep,
                commune,
                nomen,
                canonical,
                row[i_name] if i_name is not None else "",
            )
            if kept is not None:
                if kept.siret in seen_siret:
                    errors.append(
                        RowError(
                            line,
                            "siret",
                            _("SIRET %(siret)s appears twice.") % {"siret": kept.siret},
                        )
                    )
                else:
                    seen_siret.add(kept.siret)
                    stats.rows_kept += 1
                    yield kept
            if len(errors) >= MAX_ERRORS:
                break
    except UnicodeDecodeError:
        raise SireneFileError(
            [
                RowError(
                    line + 1,
                    "",
                    _("The file is not encoded in UTF-8 (invalid bytes after line %(line)s).")
                    % {"line": line},
                )
            ]
        ) from None
    except csv.Error as exc:
        raise SireneFileError(
            [
                RowError(
                    line,
                    "",
                    _("Line %(line)s cannot be read: %(error)s (truncated file?).")
                    % {"line": line, "error": exc},
                )
            ]
        ) from None
    finally:
        stats.rows_read = count
    if errors:
        raise SireneFileError(errors)
    if count and stats.rows_in_region == 0:
        found = ", ".join(sorted(d for d in seen_deps if d)[:15])
        raise SireneFileError(
            [
                RowError(
                    0,
                    "codeCommuneEtablissement",
                    _(
                        "The file holds no establishment in the region's départements "
                        "(%(region)s); départements found: %(found)s. Is it the right file, "
                        "or the right region in the settings?"
                    )
                    % {"region": ", ".join(sorted(departements)), "found": found or "—"},
                )
            ]
        )
    if stats.rows_kept == 0:
        raise SireneFileError(
            [
                RowError(
                    0,
                    "activitePrincipaleEtablissement",
                    _(
                        "The file holds no active establishment of the region with a NAF "
                        "code flagged digital."
                    ),
                )
            ]
        )


def _bad_length(row: list, line: int, ncols: int) -> None:
    raise SireneFileError(
        [
            RowError(
                line,
                "",
                _(
                    "Line %(line)s has %(found)s columns instead of %(expected)s: the "
                    "file is truncated or damaged."
                )
                % {"line": line, "found": len(row), "expected": ncols},
            )
        ]
    )


def _validate(
    row,
    line,
    errors,
    i_siren,
    i_nic,
    i_siret,
    i_created,
    i_band,
    dep,
    commune,
    nomen,
    canonical,
    commune_name,
) -> KeptRow | None:
    before = len(errors)
    siren, nic, siret = row[i_siren], row[i_nic], row[i_siret]
    if not (len(siren) == 9 and siren.isdigit()):
        errors.append(RowError(line, "siren", _("Invalid SIREN “%(value)s”.") % {"value": siren}))
    if not (len(siret) == 14 and siret.isdigit() and siret == siren + nic):
        errors.append(
            RowError(
                line,
                "siret",
                _("Invalid SIRET “%(value)s” (14 digits: SIREN then NIC).") % {"value": siret},
            )
        )
    band = row[i_band] or "NN"
    if band not in HEADCOUNT_CODES:
        errors.append(
            RowError(
                line,
                "trancheEffectifsEtablissement",
                _("Unknown headcount band “%(value)s”.") % {"value": band},
            )
        )
    if len(commune) != 5:
        errors.append(
            RowError(
                line,
                "codeCommuneEtablissement",
                _("Invalid commune code “%(value)s”.") % {"value": commune},
            )
        )
    created = None
    if row[i_created]:
        try:
            created = date.fromisoformat(row[i_created])
        except ValueError:
            errors.append(
                RowError(
                    line,
                    "dateCreationEtablissement",
                    _("Invalid date “%(value)s” (expected YYYY-MM-DD).")
                    % {"value": row[i_created]},
                )
            )
    if len(errors) > before:
        return None
    return KeptRow(
        line=line,
        siren=siren,
        siret=siret,
        naf_version=nomen,
        naf_code=canonical,
        headcount_band=band,
        departement=dep,
        commune_code=commune,
        commune_name=commune_name[:100],
        created_on=created,
    )
