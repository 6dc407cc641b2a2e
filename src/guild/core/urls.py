from django.urls import path

from guild.core.views import manage, public

app_name = "core"

urlpatterns = [
    path("", public.home, name="home"),
    path("legal/", public.legal, name="legal"),
    path("brand.css", public.brand_css, name="brand_css"),
    path("manage/", manage.dashboard, name="manage"),
    path("manage/identity/", manage.identity_edit, name="identity"),
    path("manage/audit/", manage.audit_list, name="audit"),
    path("manage/outbox/", manage.outbox_list, name="outbox"),
]
