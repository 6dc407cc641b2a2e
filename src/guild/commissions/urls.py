from django.urls import path

from guild.commissions.views import actions, commissions, feeds, meetings

app_name = "commissions"

urlpatterns = [
    path("commissions/", commissions.commission_list, name="list"),
    path("commissions/new/", commissions.commission_create, name="create"),
    path("commissions/roadmap/", actions.roadmap, name="roadmap"),
    path("commissions/my-actions/", actions.my_actions, name="my_actions"),
    path("commissions/calendar/", feeds.calendar_page, name="calendar"),
    path("commissions/calendar/revoke/", feeds.calendar_revoke, name="calendar_revoke"),
    path("commissions/calendar/public.ics", feeds.public_feed, name="public_feed"),
    path("commissions/calendar/<str:token>.ics", feeds.calendar_feed, name="feed"),
    path("commissions/report/", feeds.report_all, name="report_all"),
    path("manage/commissions/settings/", feeds.settings_edit, name="settings"),
    path("commissions/actions/<int:pk>/", actions.action_detail, name="action"),
    path("commissions/actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("commissions/actions/<int:pk>/status/", actions.action_status, name="action_status"),
    path("commissions/actions/<int:pk>/progress/", actions.action_progress, name="action_progress"),
    path("commissions/actions/<int:pk>/milestones/", actions.milestone_add, name="milestone_add"),
    path(
        "commissions/milestones/<int:pk>/toggle/", actions.milestone_toggle, name="milestone_toggle"
    ),
    path("commissions/actions/<int:pk>/indicators/", actions.indicator_add, name="indicator_add"),
    path("commissions/indicators/<int:pk>/", actions.indicator_update, name="indicator_update"),
    path("commissions/actions/<int:pk>/links/", actions.link_add, name="link_add"),
    path("commissions/links/<int:pk>/remove/", actions.link_remove, name="link_remove"),
    path("commissions/links/<int:pk>/file/", actions.link_file, name="link_file"),
    path(
        "commissions/actions/<int:pk>/dependencies/", actions.dependency_add, name="dependency_add"
    ),
    path(
        "commissions/actions/<int:pk>/dependencies/<int:other>/remove/",
        actions.dependency_remove,
        name="dependency_remove",
    ),
    path("commissions/actions/<int:pk>/comments/", actions.comment_add, name="comment_add"),
    path("commissions/meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("commissions/meetings/<int:pk>/meeting.ics", meetings.meeting_ics, name="meeting_ics"),
    path(
        "commissions/meetings/<int:pk>/convocation/",
        meetings.meeting_convocation,
        name="meeting_convocation",
    ),
    path(
        "commissions/meetings/<int:pk>/attendance/",
        meetings.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "commissions/meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"
    ),
    path(
        "commissions/meetings/<int:pk>/actions/new/",
        meetings.meeting_action_create,
        name="meeting_action_create",
    ),
    path("commissions/<slug:slug>/", commissions.commission_detail, name="detail"),
    path("commissions/<slug:slug>/edit/", commissions.commission_edit, name="edit"),
    path("commissions/<slug:slug>/archive/", commissions.commission_archive, name="archive"),
    path("commissions/<slug:slug>/join/", commissions.commission_join, name="join"),
    path("commissions/<slug:slug>/leave/", commissions.commission_leave, name="leave"),
    path("commissions/<slug:slug>/members/", commissions.commission_members, name="members"),
    path(
        "commissions/<slug:slug>/members/<int:pk>/",
        commissions.membership_action,
        name="membership_action",
    ),
    path("commissions/<slug:slug>/missions/new/", commissions.mission_edit, name="mission_create"),
    path(
        "commissions/<slug:slug>/missions/<int:pk>/", commissions.mission_edit, name="mission_edit"
    ),
    path("commissions/<slug:slug>/board/", commissions.commission_board, name="board"),
    path("commissions/<slug:slug>/actions/new/", actions.action_create, name="action_create"),
    path("commissions/<slug:slug>/meetings/", meetings.meeting_list, name="meetings"),
    path("commissions/<slug:slug>/meetings/new/", meetings.meeting_edit, name="meeting_create"),
    path(
        "commissions/<slug:slug>/meetings/<int:pk>/edit/",
        meetings.meeting_edit,
        name="meeting_edit",
    ),
    path("commissions/<slug:slug>/report/", feeds.report_commission, name="report"),
]
