from django.urls import path

from guild.accounts.views import account, roles

app_name = "accounts"

urlpatterns = [
    path("account/", account.home, name="home"),
    path("account/profile/", account.profile_update, name="profile"),
    path("account/tokens/", account.token_create, name="token_create"),
    path("account/tokens/<int:pk>/revoke/", account.token_revoke, name="token_revoke"),
    path("account/export/", account.data_export, name="export"),
    path("account/delete/", account.delete, name="delete"),
    path("manage/roles/", roles.roles, name="roles"),
    path("manage/roles/grant/", roles.role_change, {"action": "grant"}, name="role_grant"),
    path("manage/roles/revoke/", roles.role_change, {"action": "revoke"}, name="role_revoke"),
]
