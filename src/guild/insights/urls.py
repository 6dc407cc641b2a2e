from django.urls import path

from guild.insights import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.public_figures, name="public"),
    path("insights/independence/", views.independence_statement, name="independence"),
    path("manage/insights/", views.dashboard, name="dashboard"),
    path("manage/insights/import/", views.baseline_import, name="import"),
    path("manage/insights/baselines/<int:pk>/", views.baseline_detail, name="baseline"),
    path("manage/insights/settings/", views.settings_edit, name="settings"),
    path("manage/insights/report.pdf", views.report_pdf, name="report"),
    path("manage/insights/export/<slug:name>.<str:fmt>", views.export, name="export"),
]
