"""Counting: majorities, quorum, weighted results with caps and ties."""

from __future__ import annotations

import secrets
from decimal import Decimal

__all__ = ["majority_reached", "election_result"]


def majority_reached(majority: str, yes: Decimal, no: Decimal, abstain: Decimal) -> bool:
    """simple: more yes than no; absolute: more than half of all votes cast (abstentions
    count); two thirds: at least two thirds of the votes expressed (yes + no)."""
    if majority == "absolute":
        return yes * 2 > yes + no + abstain
    if majority == "two_thirds":
        return yes + no > 0 and yes * 3 >= (yes + no) * 2
    return yes > no


def election_result(scores: dict[int, Decimal], seats: int, rng=None) -> dict:
    """Rank candidates by weighted votes; a tie at the last seat is broken by lot."""
    rng = rng or secrets.SystemRandom()
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    elected = [pk for pk, _score in ranked[:seats]]
    tie = None
    if 0 < seats < len(ranked) and ranked[seats - 1][1] == ranked[seats][1] and ranked[seats][1]:
        boundary = ranked[seats - 1][1]
        tied = [pk for pk, score in ranked if score == boundary]
        safe = [pk for pk, score in ranked if score > boundary]
        drawn = rng.sample(tied, seats - len(safe))
        elected = safe + drawn
        tie = {"tied": tied, "drawn": drawn}
    return {
        "ranking": [[pk, str(score)] for pk, score in ranked],
        "elected": elected,
        "tie_break": tie,
    }
