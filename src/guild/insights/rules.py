import rules

from guild.core.permissions import is_board, is_staff

rules.add_perm("insights.view_dashboard", is_board | is_staff)
rules.add_perm("insights.import_baseline", is_staff)
rules.add_perm("insights.change_settings", is_board | is_staff)
