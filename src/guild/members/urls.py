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

# Staff screens (views_staff.py): members, categories, dues call and reminders.
from guild.members import views_staff  # noqa: E402

urlpatterns += [
    path("manage/members/", views_staff.member_list, name="staff_members"),
    path("manage/members/<int:pk>/", views_staff.member_detail, name="staff_member"),
    path(
        "manage/members/<int:pk>/transition/",
        views_staff.member_transition,
        name="staff_member_transition",
    ),
    path("manage/members/categories/", views_staff.category_list, name="staff_categories"),
    path("manage/members/categories/new/", views_staff.category_edit, name="staff_category_add"),
    path(
        "manage/members/categories/<int:pk>/",
        views_staff.category_edit,
        name="staff_category_edit",
    ),
    path(
        "manage/members/categories/<int:pk>/<str:action>/",
        views_staff.category_action,
        name="staff_category_action",
    ),
    path("manage/members/dues/", views_staff.dues_overview, name="staff_dues"),
    path("manage/members/dues/runs/<int:pk>/", views_staff.dues_run, name="staff_dues_run"),
    path("manage/members/dues/reminders/", views_staff.reminder_add, name="staff_reminder_add"),
    path(
        "manage/members/dues/reminders/<int:pk>/remove/",
        views_staff.reminder_remove,
        name="staff_reminder_remove",
    ),
]
