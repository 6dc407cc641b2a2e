from guild.governance.models.admissions import (  # noqa: F401
    Application,
    BoardVote,
    BoardVoteResponse,
    EntryismAlert,
    Recusal,
    Sponsorship,
)
from guild.governance.models.assemblies import (  # noqa: F401
    AgendaItem,
    Assembly,
    AssemblyDocument,
    Attendance,
    Ballot,
    Candidate,
    Participation,
    Proxy,
    Resolution,
    Voter,
)
from guild.governance.models.bodies import (  # noqa: F401
    Body,
    Declaration,
    ElectedOffice,
    Mandate,
)
from guild.governance.models.policy import BylawsPolicy, DecisionType, Majority  # noqa: F401
