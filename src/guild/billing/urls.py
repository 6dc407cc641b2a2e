from django.urls import path

from guild.billing.views import exports, invoices, online, sepa

app_name = "billing"

urlpatterns = [
    path("manage/billing/invoices/", invoices.invoice_list, name="invoice_list"),
    path("manage/billing/invoices/<int:pk>/", invoices.invoice_detail, name="invoice_detail"),
    path("manage/billing/sepa/mandates/", sepa.mandate_list, name="mandate_list"),
    path(
        "manage/billing/sepa/mandates/<int:pk>/revoke/",
        sepa.mandate_revoke_view,
        name="mandate_revoke",
    ),
    path("manage/billing/sepa/batches/", sepa.batch_list, name="batch_list"),
    path("manage/billing/sepa/batches/<int:pk>/", sepa.batch_detail, name="batch_detail"),
    path("manage/billing/sepa/batches/<int:pk>/xml/", sepa.batch_download, name="batch_download"),
    path(
        "manage/billing/sepa/batches/<int:pk>/collect/",
        sepa.batch_collect_view,
        name="batch_collect",
    ),
    path(
        "manage/billing/sepa/batches/<int:pk>/cancel/", sepa.batch_cancel_view, name="batch_cancel"
    ),
    path("manage/billing/exports/", exports.export, name="export"),
    path("billing/invoices/", online.my_invoices, name="my_invoices"),
    path("billing/invoices/<int:pk>/", online.invoice_show, name="invoice_show"),
    path("billing/invoices/<int:pk>/pay/", online.invoice_pay, name="invoice_pay"),
    path("billing/invoices/<int:pk>/pdf/", invoices.invoice_download, name="invoice_download"),
    path(
        "billing/webhooks/<slug:provider_name>/", online.provider_webhook, name="provider_webhook"
    ),
]
