from django.urls import path

from guild.members import views

app_name = "members"

urlpatterns = [
    path("members/apply/", views.apply, name="apply"),
    path("members/apply/done/", views.apply_done, name="apply_done"),
    path("members/me/", views.my_membership, name="my_membership"),
    path("members/memberships/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("manage/members/applications/", views.applications, name="applications"),
    path("manage/members/dues-call/", views.dues_call, name="dues_call"),
    path("manage/members/applications/<int:pk>/approve/", views.approve, name="approve"),
]
urlpatterns += [
    path("members/", views.member_list, name="list"),
    path("members/<int:pk>/logo/", views.organisation_logo, name="logo"),
    path("members/apply/dues/", views.apply_dues, name="apply_dues"),
    path("members/apply/siren/", views.apply_siren, name="apply_siren"),
    path("members/me/profile/", views.profile, name="profile"),
    path("members/me/memberships/<int:pk>/renew/", views.renew, name="renew"),
    path("members/me/memberships/<int:pk>/seats/", views.seats, name="seats"),
    path(
        "members/me/memberships/<int:pk>/seats/<int:seat_id>/remove/",
        views.seat_remove,
        name="seat_remove",
    ),
    path(
        "members/me/memberships/<int:pk>/invitations/<int:invitation_id>/withdraw/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("members/invitations/<str:token>/", views.invitation, name="invitation"),
]

from guild.members import views_io  # noqa: E402

urlpatterns += [
    path("manage/members/import/", views_io.import_start, name="import_start"),
    path(
        "manage/members/import/template.<str:fmt>",
        views_io.import_template,
        name="import_template",
    ),
    path("manage/members/import/<int:pk>/", views_io.import_mapping, name="import_mapping"),
    path("manage/members/import/<int:pk>/result/", views_io.import_result, name="import_result"),
    path("manage/members/export/members.<str:fmt>", views_io.export_members, name="export_members"),
]
