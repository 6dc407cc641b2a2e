"""Who may do what in governance (django-rules)."""

import rules

from guild.core.permissions import is_administrator, is_board, is_office, is_secretary, is_staff

rules.add_perm("governance.change_policy", is_administrator)
rules.add_perm("governance.view_policy", is_office)
rules.add_perm("governance.view_applications", is_board | is_staff | is_secretary)
rules.add_perm("governance.decide_application", is_board | is_staff)
rules.add_perm("governance.view_safeguards", is_board | is_staff | is_secretary)
rules.add_perm("governance.manage_bodies", is_staff | is_secretary)
rules.add_perm("governance.manage_assemblies", is_staff | is_secretary)
rules.add_perm("governance.view_board_votes", is_board | is_staff | is_secretary)
rules.add_perm("governance.open_board_vote", is_board | is_staff)
rules.add_perm("governance.view_declarations", is_office)
rules.add_perm("governance.vote", rules.is_authenticated)
