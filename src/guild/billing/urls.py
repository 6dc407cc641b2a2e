from django.urls import path

from guild.billing import views

app_name = "billing"

urlpatterns = [
    path("manage/billing/invoices/", views.invoice_list, name="invoice_list"),
    path("manage/billing/invoices/<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("billing/invoices/<int:pk>/pdf/", views.invoice_download, name="invoice_download"),
]
