"""Writes of the governance app, one module per area; every act is audit-logged."""

from guild.governance.services.admissions import *  # noqa: F401,F403
from guild.governance.services.alerts import alerts_compute  # noqa: F401
from guild.governance.services.assemblies import *  # noqa: F401,F403
from guild.governance.services.ballots import *  # noqa: F401,F403
from guild.governance.services.bodies import *  # noqa: F401,F403
from guild.governance.services.policy import *  # noqa: F401,F403
