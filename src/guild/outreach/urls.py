from django.contrib.sitemaps.views import sitemap
from django.urls import path

from guild.outreach import webhooks
from guild.outreach.views import imports, manage, public, site

app_name = "outreach"

urlpatterns = [
    # public: subscriptions
    path("newsletter/", public.signup, name="signup"),
    path("newsletter/thanks/", public.signup_done, name="signup_done"),
    path("newsletter/confirm/<str:token>/", public.confirm, name="confirm"),
    path("newsletter/preferences/<str:token>/", public.preferences, name="preferences"),
    path("newsletter/unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("r/<str:token>/", public.click, name="click"),
    path("o/<str:token>.gif", public.open_pixel, name="open"),
    # public site
    path("news/", site.news_index, name="news"),
    path("news/feed/rss/", site.NewsFeed(), name="feed_rss"),
    path("news/feed/atom/", site.AtomNewsFeed(), name="feed_atom"),
    path("news/<slug:slug>/", site.article_detail, name="article"),
    path("pages/<slug:slug>/", site.page, name="page"),
    path("events.ics", site.events_ical, name="events_ical"),
    path("widget/next-event/", site.widget, name="widget"),
    path("share/salon.png", site.salon_image, name="salon_image"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": site.SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # webhooks
    path("outreach/webhooks/brevo/", webhooks.BrevoWebhook.as_view(), name="webhook_brevo"),
    path("outreach/webhooks/mailjet/", webhooks.MailjetWebhook.as_view(), name="webhook_mailjet"),
    # back office
    path("manage/outreach/contacts/", manage.contact_list, name="contacts"),
    path("manage/outreach/contacts/new/", manage.contact_create, name="contact_create"),
    path("manage/outreach/contacts/<int:pk>/", manage.contact_detail, name="contact"),
    path("manage/outreach/contacts/import/", imports.import_view, name="import"),
    path("manage/outreach/contacts/export.<str:fmt>", imports.export_view, name="export"),
    path("manage/outreach/lists/", manage.list_index, name="lists"),
    path("manage/outreach/lists/new/", manage.list_edit, name="list_create"),
    path("manage/outreach/lists/<int:pk>/", manage.list_detail, name="list"),
    path("manage/outreach/lists/<int:pk>/edit/", manage.list_edit, name="list_edit"),
    path("manage/outreach/lists/<int:pk>/export.csv", manage.list_export, name="list_export"),
    path("manage/outreach/segments/", manage.segment_list, name="segments"),
    path("manage/outreach/segments/new/", manage.segment_edit, name="segment_create"),
    path("manage/outreach/segments/count/", manage.segment_count, name="segment_count"),
    path("manage/outreach/segments/<int:pk>/", manage.segment_edit, name="segment"),
    path("manage/outreach/campaigns/", manage.campaign_index, name="campaigns"),
    path("manage/outreach/campaigns/new/", manage.campaign_edit, name="campaign_create"),
    path("manage/outreach/campaigns/<int:pk>/", manage.campaign_detail, name="campaign"),
    path("manage/outreach/campaigns/<int:pk>/edit/", manage.campaign_edit, name="campaign_edit"),
    path(
        "manage/outreach/campaigns/<int:pk>/progress/",
        manage.campaign_progress,
        name="campaign_progress",
    ),
    path(
        "manage/outreach/campaigns/<int:pk>/preview/",
        manage.campaign_preview,
        name="campaign_preview",
    ),
    path("manage/outreach/news/", manage.article_index, name="manage_articles"),
    path("manage/outreach/news/new/", manage.article_edit, name="article_create"),
    path("manage/outreach/news/<int:pk>/", manage.article_edit, name="article_edit"),
]
