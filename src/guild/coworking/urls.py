from django.urls import path

from guild.coworking import views

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
]
