import rules

from guild.core.permissions import is_staff

rules.add_perm("sourcing.moderate_need", is_staff)
rules.add_perm("sourcing.change_skill", is_staff)
