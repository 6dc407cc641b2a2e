"""What each tool's export looks like, and the column mapping guessed from the headers.

Column names come from the tools' own exports:

- HelloAsso (export of a membership campaign, ``;``-separated, French): "Référence commande"
  or "Numéro", "Date de la commande" or "Date", "Statut de la commande" or "Statut",
  "Nom adhérent", "Prénom adhérent", "Email adhérent"/"Email payeur", "Tarif" or "Formule",
  "Montant tarif" or "Montant (€)", plus the campaign's custom fields (e.g. "Raison sociale",
  "SIREN", "Code postal", "Ville"; exported as "Champ additionnel: <question>").
- Galette (members list CSV export; database field names): ``nom_adh``, ``prenom_adh``,
  ``email_adh``, ``societe_adh``, ``tel_adh``, ``gsm_adh``, ``cp_adh``, ``ville_adh``,
  ``date_crea_adh``, ``date_echeance``; or their French labels ("Nom", "Prénom", "Email").
- Paheko (members export with the default fields): "Numéro de membre" (``numero``),
  "Nom & prénom" (``nom``, one field), "Adresse E-Mail" (``email``), "Téléphone",
  "Code postal", "Ville", "Date d'inscription", "Catégorie".
- Guild: the template offered for download on the import screen (:data:`TEMPLATE_HEADERS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from guild.members.imports.parsing import normalise

# Target fields: key -> label shown on the mapping screen.
FIELDS: dict[str, str] = {
    "email": _("E-mail"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "full_name": _("Full name (first and last name in one column)"),
    "phone": _("Phone"),
    "organisation": _("Organisation (legal name)"),
    "siren": _("SIREN"),
    "siret": _("SIRET"),
    "naf": _("NAF code"),
    "postal_code": _("Postal code"),
    "city": _("Commune"),
    "category": _("Membership category (formula, rate)"),
    "amount": _("Amount paid"),
    "date": _("Membership date"),
    "period_end": _("End of period"),
    "status": _("Payment status"),
    "reference": _("Reference (order or member number)"),
}

# Aliases valid in every format (normalised: lower case, no accents).
COMMON_ALIASES: dict[str, list[str]] = {
    "email": ["email", "e-mail", "courriel", "adresse e-mail", "adresse email", "mail"],
    "first_name": ["prenom", "first name"],
    "last_name": ["nom", "nom de famille", "last name"],
    "phone": ["telephone", "tel", "portable", "mobile"],
    "organisation": [
        "raison sociale",
        "organisation",
        "entreprise",
        "societe",
        "structure",
        "nom de l'entreprise",
    ],
    "siren": ["siren", "numero siren", "n siren"],
    "siret": ["siret", "numero siret", "n siret"],
    "naf": ["code naf", "naf", "code ape", "ape", "code naf/ape"],
    "postal_code": ["code postal", "cp"],
    "city": ["ville", "commune"],
    "category": ["categorie", "formule", "tarif", "type d'adhesion"],
    "amount": ["montant", "montant (EUR)", "montant (€)", "cotisation", "montant paye"],
    "date": ["date", "date d'adhesion", "date de debut"],
    "period_end": ["date de fin", "fin de periode", "echeance", "date d'echeance"],
    "status": ["statut", "etat"],
    "reference": ["reference", "numero", "n"],
}


@dataclass
class Format:
    key: str
    label: str
    aliases: dict[str, list[str]] = field(default_factory=dict)
    signature: list[str] = field(default_factory=list)  # headers that identify the tool


FORMATS: dict[str, Format] = {
    "helloasso": Format(
        key="helloasso",
        label="HelloAsso",
        aliases={
            "email": ["email adherent", "email payeur", "email"],
            "first_name": ["prenom adherent", "prenom", "prenom payeur"],
            "last_name": ["nom adherent", "nom", "nom payeur"],
            "category": ["tarif", "formule", "nom du tarif"],
            "amount": ["montant tarif", "montant (€)", "montant (eur)", "montant", "montant total"],
            "date": ["date de la commande", "date du paiement", "date"],
            "status": ["statut de la commande", "statut du paiement", "statut"],
            "reference": ["reference commande", "numero", "numero de commande"],
            "organisation": ["raison sociale", "nom de l'entreprise", "societe", "entreprise"],
        },
        signature=[
            "reference commande",
            "date de la commande",
            "statut de la commande",
            "nom adherent",
            "prenom adherent",
            "email payeur",
            "montant tarif",
            "formule",
            "montant (€)",
            "tarif",
        ],
    ),
    "galette": Format(
        key="galette",
        label="Galette",
        aliases={
            "email": ["email adh", "email"],
            "first_name": ["prenom adh", "prenom"],
            "last_name": ["nom adh", "nom"],
            "organisation": ["societe adh", "societe"],
            "phone": ["tel adh", "gsm adh", "telephone"],
            "postal_code": ["cp adh", "code postal"],
            "city": ["ville adh", "ville"],
            "date": ["date crea adh", "date de creation", "date d'adhesion"],
            "period_end": ["date echeance", "echeance"],
            "category": ["id statut", "statut", "type de cotisation"],
            "reference": ["id adh"],
        },
        signature=[
            "nom adh",
            "prenom adh",
            "email adh",
            "societe adh",
            "cp adh",
            "ville adh",
            "date echeance",
            "date crea adh",
        ],
    ),
    "paheko": Format(
        key="paheko",
        label="Paheko",
        aliases={
            "reference": ["numero de membre", "numero", "numero membre"],
            "full_name": ["nom & prenom", "nom et prenom", "nom"],
            "email": ["adresse e-mail", "email", "courriel"],
            "phone": ["numero de telephone", "telephone"],
            "postal_code": ["code postal", "code_postal"],
            "city": ["ville"],
            "date": ["date d'inscription", "date inscription"],
            "category": ["categorie", "categorie de membre", "activite"],
            "amount": ["montant", "montant regle"],
        },
        signature=[
            "numero de membre",
            "nom & prenom",
            "adresse e-mail",
            "date d'inscription",
            "date inscription",
        ],
    ),
    "guild": Format(
        key="guild",
        label="Guild",
        aliases={
            "email": ["e-mail"],
            "first_name": ["prenom"],
            "last_name": ["nom"],
            "organisation": ["organisation"],
            "naf": ["code naf"],
            "category": ["categorie"],
            "amount": ["montant paye"],
            "date": ["date d'adhesion"],
            "period_end": ["fin de periode"],
            "reference": ["reference"],
        },
        signature=["e-mail", "organisation", "categorie", "montant paye", "date d'adhesion"],
    ),
}

# The downloadable template (Guild format), with one example row.
TEMPLATE_HEADERS = [
    "E-mail",
    "Prénom",
    "Nom",
    "Téléphone",
    "Organisation",
    "SIREN",
    "SIRET",
    "Code NAF",
    "Code postal",
    "Commune",
    "Catégorie",
    "Montant payé",
    "Date d'adhésion",
    "Fin de période",
    "Référence",
]
TEMPLATE_EXAMPLE = [
    "claire.martin@exemple.fr",
    "Claire",
    "Martin",
    "05 55 00 00 00",
    "Limousin Data SAS",
    "732829320",
    "",
    "62.01Z",
    "87000",
    "Limoges",
    "Entreprise",
    "150,00",
    "15/01/2026",
    "31/12/2026",
    "",
]


def detect_format(headers: list[str]) -> str:
    """The format whose signature headers best match ``headers`` (``guild`` by default)."""
    normalised = {header_key(h) for h in headers}
    scores = {
        key: sum(1 for s in fmt.signature if normalise(s) in normalised)
        for key, fmt in FORMATS.items()
    }
    best = max(scores, key=lambda k: (scores[k], k == "guild"))
    return best if scores[best] else "guild"


_CUSTOM_FIELD = re.compile(r"^champ (?:additionnel|complementaire)\s*\d*\s*:\s*")


def header_key(header: str) -> str:
    """Normalised header; HelloAsso's "Champ additionnel: Raison sociale" -> "raison sociale"."""
    return _CUSTOM_FIELD.sub("", normalise(header))


def guess_mapping(headers: list[str], source_format: str) -> dict[str, int]:
    """Target field -> column index, from the format's aliases then the common ones."""
    normalised = [header_key(h) for h in headers]
    fmt = FORMATS.get(source_format, FORMATS["guild"])
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for aliases in (fmt.aliases, COMMON_ALIASES):
        for target, names in aliases.items():
            if target in mapping:
                continue
            for name in names:
                wanted = normalise(name)
                index = next(
                    (i for i, h in enumerate(normalised) if h == wanted and i not in used), None
                )
                if index is not None:
                    mapping[target] = index
                    used.add(index)
                    break
    if "full_name" in mapping and "last_name" in mapping:
        del mapping["full_name"]
    return mapping
