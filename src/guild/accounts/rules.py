"""Who may do what with accounts and roles."""

import rules

from guild.core.permissions import is_administrator

# Grant and revoke association roles (the "Roles" page of the back office).
rules.add_perm("accounts.manage_roles", is_administrator)
