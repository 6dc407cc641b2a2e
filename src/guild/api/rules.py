"""API permissions."""

import rules

from guild.core.permissions import is_administrator

# Only administrators may create personal tokens carrying the ``admin`` scope.
rules.add_perm("api.use_admin_scope", is_administrator)
