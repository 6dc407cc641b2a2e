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
