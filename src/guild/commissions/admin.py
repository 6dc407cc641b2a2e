from django.contrib import admin

from guild.commissions.models import Commission, CommissionSettings


@admin.register(Commission)
class CommissionAdmin(admin.ModelAdmin):
    """Read-only technical view: changes go through the commission pages (services)."""

    list_display = ["name", "visibility", "join_policy", "archived_at"]
    search_fields = ["name"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CommissionSettings)
class CommissionSettingsAdmin(admin.ModelAdmin):
    list_display = ["short_max_months", "medium_max_months", "reminder_days"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
