"""Technical administration: ticket types, quotas, questions, check-in lists, exhibitors and
reward tiers are edited inline on the event. Orders and registrations are read-only here:
their changes go through the services (back office screens)."""

from django.contrib import admin

from guild.events.models import (
    CheckinList,
    Event,
    Exhibitor,
    Order,
    Question,
    Quota,
    Registration,
    RewardTier,
    Series,
    TicketType,
    Voucher,
)


class QuotaInline(admin.TabularInline):
    model = Quota
    extra = 0
    readonly_fields = ["used"]


class TicketTypeInline(admin.StackedInline):
    model = TicketType
    extra = 0
    filter_horizontal = ["quotas"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class CheckinListInline(admin.TabularInline):
    model = CheckinList
    extra = 0


class ExhibitorInline(admin.TabularInline):
    model = Exhibitor
    extra = 0
    autocomplete_fields = []


class RewardTierInline(admin.TabularInline):
    model = RewardTier
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "starts_at", "status"]
    list_filter = ["kind", "status", "series"]
    search_fields = ["name", "slug"]
    readonly_fields = ["status", "cloned_from"]
    inlines = [
        QuotaInline,
        TicketTypeInline,
        QuestionInline,
        CheckinListInline,
        ExhibitorInline,
        RewardTierInline,
    ]


admin.site.register(Series)


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    list_display = ["code", "event", "kind", "value", "used", "max_uses", "owner_label"]
    list_filter = ["event", "kind"]
    search_fields = ["code"]
    readonly_fields = ["used"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["code", "event", "buyer_name", "status", "total", "created_at"]
    list_filter = ["event", "status"]
    search_fields = ["code", "buyer_name", "buyer_email"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "event", "ticket_type", "status"]
    list_filter = ["event", "status"]
    search_fields = ["last_name", "first_name", "email", "company"]
