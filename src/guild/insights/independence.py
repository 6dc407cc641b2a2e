"""Independence figures: revenue by source, share of public money, elected officials on the board.

Billing and governance are read through their selectors, imported lazily: when an app (or
one of its functions) is missing, the figure is ``None`` and pages say "data not available".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

SOURCES = (
    "dues",
    "trade_show",
    "sponsorship",
    "services",
    "coworking",
    "public_grant",
    "donation",
    "other",
)
PUBLIC_SOURCES = ("public_grant",)


def public_money_share(revenue: dict[str, Decimal]) -> Decimal | None:
    """Share of public money (public grants) in the total revenue, in percent (1 decimal)."""
    total = sum((Decimal(revenue.get(source) or 0) for source in SOURCES), Decimal(0))
    if total <= 0:
        return None
    public = sum((Decimal(revenue.get(source) or 0) for source in PUBLIC_SOURCES), Decimal(0))
    return (public * 100 / total).quantize(Decimal("0.1"))


def revenue_for(start: date, end: date) -> dict[str, Decimal] | None:
    try:
        from guild.billing.selectors import revenue_by_source
    except ImportError:
        return None
    raw = revenue_by_source(start=start, end=end)
    return {source: Decimal(raw.get(source) or 0) for source in SOURCES}


def revenue_by_year(*, years: int = 5, today: date | None = None) -> list[dict] | None:
    """Revenue by source for each of the last ``years`` calendar years (current one included)."""
    today = today or date.today()
    rows = []
    for year in range(today.year - years + 1, today.year + 1):
        revenue = revenue_for(date(year, 1, 1), date(year, 12, 31))
        if revenue is None:
            return None
        total = sum(revenue.values(), Decimal(0))
        rows.append(
            {"year": year, **revenue, "total": total, "public_share": public_money_share(revenue)}
        )
    return rows


def policy_limits() -> dict | None:
    try:
        from guild.governance.selectors import current_policy
    except ImportError:
        return None
    policy = current_policy()
    if policy is None:
        return None
    return {
        "ceiling": Decimal(policy.public_money_ceiling_percent),
        "max_seats": int(policy.max_board_seats_with_elected_office),
    }


def board_seats(on: date | None = None) -> tuple[int, int] | None:
    try:
        from guild.governance.selectors import board_seats_with_elected_office
    except ImportError:
        return None
    held, total = board_seats_with_elected_office(on=on)
    return int(held), int(total)


def independence_figures(*, today: date | None = None, years: int = 5) -> dict:
    """Everything the independence page, dashboard, report and API show."""
    today = today or date.today()
    by_year = revenue_by_year(years=years, today=today)
    limits = policy_limits()
    seats = board_seats(today)
    latest = by_year[-1] if by_year else None
    ceiling = limits["ceiling"] if limits else None
    share = latest["public_share"] if latest else None
    figures = {
        "today": today,
        "revenue_available": by_year is not None,
        "by_year": by_year or [],
        "year": latest["year"] if latest else today.year,
        "public_share": share,
        "ceiling": ceiling,
        "within_ceiling": (share <= ceiling) if share is not None and ceiling is not None else None,
        "seats_available": seats is not None,
        "seats_held": seats[0] if seats else None,
        "seats_total": seats[1] if seats else None,
        "seats_allowed": limits["max_seats"] if limits else None,
    }
    figures["seats_within_limit"] = (
        figures["seats_held"] <= figures["seats_allowed"]
        if seats is not None and limits is not None
        else None
    )
    return figures
