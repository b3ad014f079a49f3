from django.urls import path

from ..views import certificates as views

urlpatterns = [
    path("certificates/renewals/", views.CertificateRenewalListView.as_view(), name="certificate-renewals"),
    path("certificates/<int:pk>/pdf/", views.CertificateDownloadView.as_view(), name="certificate-download"),
    path("certificates/<int:pk>/renew/", views.CertificateRenewView.as_view(), name="certificate-renew"),
    path("public/verify/<str:code>/", views.certificate_verify, name="certificate-verify"),
]
