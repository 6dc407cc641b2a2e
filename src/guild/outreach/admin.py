from django.contrib import admin

from guild.outreach.models import (
    Article,
    Campaign,
    Consent,
    Contact,
    MailingList,
    Segment,
    Suppression,
    Tag,
)


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "organisation_name", "source"]
    search_fields = ["email", "last_name", "organisation_name"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["contact", "purpose", "granted", "legal_basis", "recorded_at"]

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register([Tag, MailingList, Suppression, Segment, Campaign, Article])
