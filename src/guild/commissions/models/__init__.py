from guild.commissions.models.actions import (
    Action,
    ActionComment,
    ActionLink,
    Horizon,
    Indicator,
    Milestone,
)
from guild.commissions.models.commissions import (
    Commission,
    CommissionSettings,
    Membership,
    Mission,
)
from guild.commissions.models.meetings import (
    AgendaItem,
    Attendance,
    CalendarToken,
    Decision,
    Meeting,
)

__all__ = [
    "Action",
    "ActionComment",
    "ActionLink",
    "AgendaItem",
    "Attendance",
    "CalendarToken",
    "Commission",
    "CommissionSettings",
    "Decision",
    "Horizon",
    "Indicator",
    "Meeting",
    "Membership",
    "Milestone",
    "Mission",
]
