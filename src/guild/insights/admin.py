from django.contrib import admin

from guild.insights.models import Baseline, InsightsSettings


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "source_name", "status", "is_current", "rows_kept"]
    list_filter = ["status", "is_current"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InsightsSettings)
class InsightsSettingsAdmin(admin.ModelAdmin):
    list_display = ["region_name", "departements"]
