import rules

from guild.core.permissions import is_secretary, is_staff

can_manage = is_staff | is_secretary

rules.add_perm("outreach.manage", can_manage)
rules.add_perm("outreach.send_campaign", is_staff)
