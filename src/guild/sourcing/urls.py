from django.urls import path

from guild.sourcing import views

app_name = "sourcing"

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/profiles/<int:pk>/", views.profile_detail, name="profile"),
    path("directory/my-profile/", views.my_profile, name="my_profile"),
    path("directory/introductions/", views.introductions, name="introductions"),
    path("needs/", views.needs, name="needs"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:pk>/", views.need_detail, name="need"),
    path("needs/<int:pk>/follow-up/", views.need_follow_up, name="need_follow_up"),
    path("manage/needs/", views.manage_needs, name="manage_needs"),
    path("manage/skills/", views.manage_skills, name="manage_skills"),
]
