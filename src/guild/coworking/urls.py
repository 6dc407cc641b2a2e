from django.urls import path

from guild.coworking import manage_views, views

app_name = "coworking"

urlpatterns = [
    path("coworking/", views.index, name="index"),
    path("coworking/resources/<int:pk>/", views.resource_detail, name="resource"),
    path("coworking/my-bookings/", views.my_bookings, name="my_bookings"),
    path("coworking/bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("coworking/calendar/<str:token>.ics", views.ical, name="ical"),
    path("coworking/door/<str:token>/", views.door, name="door"),
    path("coworking/today/", views.who_is_here, name="today"),
    path("coworking/plans/<int:pk>/subscribe/", views.plan_subscribe, name="plan_subscribe"),
    path("manage/coworking/", views.manage, name="manage"),
    path("manage/coworking/spaces/", manage_views.spaces, name="manage_spaces"),
    path("manage/coworking/spaces/new/", manage_views.space_edit, name="manage_space_new"),
    path("manage/coworking/spaces/<int:pk>/", manage_views.space_edit, name="manage_space"),
    path(
        "manage/coworking/spaces/<int:space_pk>/resources/new/",
        manage_views.resource_edit,
        name="manage_resource_new",
    ),
    path(
        "manage/coworking/spaces/<int:space_pk>/resources/<int:pk>/",
        manage_views.resource_edit,
        name="manage_resource",
    ),
    path(
        "manage/coworking/spaces/<int:space_pk>/plans/new/",
        manage_views.plan_edit,
        name="manage_plan_new",
    ),
    path(
        "manage/coworking/spaces/<int:space_pk>/plans/<int:pk>/",
        manage_views.plan_edit,
        name="manage_plan",
    ),
    path("manage/coworking/day/", manage_views.day_overview, name="manage_day"),
]
