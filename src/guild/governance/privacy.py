"""Personal data held by governance: export and erasure.

Erasure keeps what the association must keep (the audit log, the minutes, mandates already
published) but removes declarations not yet required by a current mandate.
"""


def export(user) -> dict:
    from guild.governance.models import BoardVoteResponse, Declaration, Mandate

    person = getattr(user, "person", None)
    data = {
        "board_votes": list(
            BoardVoteResponse.objects.filter(voter=user).values(
                "vote__title", "choice", "reason", "at"
            )
        )
    }
    if person is not None:
        data["mandates"] = list(
            Mandate.objects.filter(person=person).values(
                "body__name", "role", "starts_on", "ends_on", "ended_on"
            )
        )
        data["declarations"] = [
            {
                "year": d.year,
                "employer": d.employer,
                "holdings": d.holdings,
                "business_ties": d.business_ties,
                "public_funding_ties": d.public_funding_ties,
                "offices": list(d.offices.values("kind", "level", "title", "starts_on", "ends_on")),
            }
            for d in Declaration.objects.filter(person=person).prefetch_related("offices")
        ]
    return data


def erase(user) -> None:
    from guild.governance.models import Declaration, Mandate

    person = getattr(user, "person", None)
    if person is None:
        return
    if not Mandate.objects.filter(person=person, ended_on__isnull=True).exists():
        Declaration.objects.filter(person=person).delete()
