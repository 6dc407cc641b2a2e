from django.urls import path

from guild.events.views import attendee, checkin, manage, public, reports

app_name = "events"

urlpatterns = [
    path("events/", public.event_list, name="list"),
    path("events/mine/", attendee.mine, name="mine"),
    path("events/mine/<int:pk>/cancel/", attendee.cancel, name="mine_cancel"),
    path("events/mine/<int:pk>/change/", attendee.change, name="mine_change"),
    path("events/mine/<int:pk>/badge.pdf", attendee.badge, name="mine_badge"),
    path("events/mine/<int:pk>/event.ics", attendee.calendar, name="mine_ics"),
    path("events/order/<str:code>/<str:secret>/", public.order_detail, name="order"),
    path(
        "events/order/<str:code>/<str:secret>/badges.pdf", public.order_badges, name="order_badges"
    ),
    path("events/offer/<int:entry_id>/<str:secret>/", public.waiting_offer, name="offer"),
    path("events/<slug:slug>/", public.event_detail, name="detail"),
    path("events/<slug:slug>/event.ics", public.event_ics, name="ics"),
    path("events/<slug:slug>/register/<int:type_id>/", public.register, name="register"),
    path(
        "events/<slug:slug>/waiting-list/<int:type_id>/",
        public.waiting_list_join,
        name="waiting_list",
    ),
    # door staff
    path("checkin/", checkin.home, name="checkin_home"),
    path("checkin/<int:list_id>/", checkin.scanner, name="scanner"),
    path("checkin/<int:list_id>/redeem/", checkin.redeem, name="scanner_redeem"),
    path("checkin/<int:list_id>/search/", checkin.search, name="scanner_search"),
    path("checkin/<int:list_id>/counters/", checkin.counters, name="scanner_counters"),
    # back office
    path("manage/events/", manage.event_list, name="manage_list"),
    path("manage/events/new/", manage.event_new, name="manage_new"),
    path("manage/events/<int:pk>/", manage.event_detail, name="manage_detail"),
    path("manage/events/<int:pk>/status/", manage.event_status, name="manage_status"),
    path("manage/events/<int:pk>/clone/", manage.event_clone, name="manage_clone"),
    path(
        "manage/events/<int:pk>/ticket-types/new/",
        manage.ticket_type_edit,
        name="manage_ticket_type_new",
    ),
    path(
        "manage/events/<int:pk>/ticket-types/<int:type_id>/",
        manage.ticket_type_edit,
        name="manage_ticket_type",
    ),
    path("manage/events/<int:pk>/attendees/", manage.attendees, name="manage_attendees"),
    path(
        "manage/events/registrations/<int:pk>/",
        manage.registration_action,
        name="manage_registration",
    ),
    path("manage/events/<int:pk>/badges.pdf", manage.badges_batch, name="manage_badges"),
    path("manage/events/<int:pk>/desk/", manage.desk, name="manage_desk"),
    path(
        "manage/events/<int:pk>/desk/<int:registration_id>/badge.pdf",
        manage.desk_badge,
        name="manage_desk_badge",
    ),
    path("manage/events/<int:pk>/referrals/", manage.referrals, name="manage_referrals"),
    path("manage/events/<int:pk>/vouchers/new/", manage.voucher_new, name="manage_voucher_new"),
    path("manage/events/<int:pk>/statistics/", reports.statistics, name="manage_stats"),
    path("manage/events/<int:pk>/export.<str:fmt>", reports.export, name="manage_export"),
    path("manage/events/<int:pk>/report.pdf", reports.report_pdf, name="manage_report"),
]
