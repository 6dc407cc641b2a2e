"""Technical administration (``/django-admin/``, hosting staff only). Roles are granted on the
Roles page of the back office, through the service that logs them: read-only here."""

from django.contrib import admin

from guild.accounts.models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ["role", "granted_by", "granted_at", "revoked_by", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "language", "is_active", "date_joined"]
    list_filter = ["is_active", "language", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]
    fields = [
        "email",
        "first_name",
        "last_name",
        "language",
        "is_active",
        "is_staff",
        "is_superuser",
        "date_joined",
        "last_login",
        "anonymised_at",
    ]
    readonly_fields = ["date_joined", "last_login", "anonymised_at"]
    inlines = [RoleGrantInline]
