from django.contrib import admin

from guild.coworking.models import Closure, OpeningHours, Plan, Resource, Space


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


class ResourceInline(admin.StackedInline):
    model = Resource
    extra = 0


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline, ClosureInline, ResourceInline]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "space", "kind", "price", "members_only", "active"]
    list_filter = ["space", "kind", "members_only"]
