import rules

from guild.core.permissions import is_administrator, is_office

rules.add_perm("core.change_identity", is_administrator)
rules.add_perm("core.view_audit", is_administrator | is_office)
rules.add_perm("core.view_outbox", is_administrator)
rules.add_perm("core.access_manage", is_office)
