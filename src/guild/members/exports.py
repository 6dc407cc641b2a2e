"""Member exports: one row per membership (organisation or person), as CSV for French Excel
(UTF-8 with BOM, semicolons) or XLSX. Accounting exports belong to billing."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from guild.core import spreadsheets
from guild.members.constants import MembershipStatus
from guild.members.models import Membership, MembershipEvent

S = MembershipStatus


def export_headers() -> list[str]:
    return [
        _("Type"),
        _("Name"),
        _("SIREN"),
        _("E-mail"),
        _("Contact"),
        _("Postal code"),
        _("Commune"),
        _("Category"),
        _("Status"),
        _("Member since"),
        _("Period start"),
        _("Period end"),
        _("Dues paid (€)"),
    ]


def _member_since(events):
    since = None
    for event in events:
        if event.to_status == S.ACTIVE and since is None:
            since = event.at.date()
        elif event.to_status in {S.LAPSED, S.RESIGNED, S.EXCLUDED}:
            since = None
    return since


def _dues_paid() -> dict[int, Decimal]:
    """Paid on dues invoices, per membership id (one query)."""
    from guild.billing.models import Invoice
    from guild.members.services import DUES_SOURCE

    paid: dict[int, Decimal] = defaultdict(Decimal)
    rows = Invoice.objects.filter(source_type=DUES_SOURCE, amount_paid__gt=0).values_list(
        "source_id", "amount_paid"
    )
    for source_id, amount in rows:
        membership_id = source_id.partition(":")[0]
        if membership_id.isdigit():
            paid[int(membership_id)] += amount
    return paid


def export_rows() -> Iterator[list]:
    """Rows of the member export; a fixed number of queries whatever the row count."""
    paid = _dues_paid()
    memberships = (
        Membership.objects.select_related("category", "organisation", "person", "contact")
        .prefetch_related(Prefetch("events", queryset=MembershipEvent.objects.order_by("at", "id")))
        .order_by("organisation__legal_name", "person__last_name", "person__first_name", "id")
    )
    for membership in memberships.iterator(chunk_size=2000):
        holder = membership.organisation or membership.person
        is_org = membership.organisation_id is not None
        contact = membership.contact
        imported = (membership.application_data or {}).get("import", {}).get("amount_paid")
        amount = paid.get(membership.pk)
        if amount is None and imported:
            amount = Decimal(imported)
        yield [
            str(_("Organisation") if is_org else _("Person")),
            holder.legal_name if is_org else holder.full_name,
            (holder.siren or "") if is_org else holder.siret,
            holder.email,
            contact.full_name if contact else "",
            holder.postal_code,
            holder.city,
            membership.category.name,
            str(S(membership.status).label),
            _member_since(membership.events.all()),
            membership.period_start,
            membership.period_end,
            amount,
        ]


def _french_cell(value):
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return value


def members_csv() -> Iterator[bytes]:
    """CSV for French Excel: BOM first, semicolons, dd/mm/yyyy, decimal comma."""
    rows = ([_french_cell(value) for value in row] for row in export_rows())
    return spreadsheets.csv_chunks(itertools.chain([export_headers()], rows))


def members_xlsx() -> bytes:
    return spreadsheets.xlsx_bytes(_("Members"), itertools.chain([export_headers()], export_rows()))
