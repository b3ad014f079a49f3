"""Quota dashboards: the snapshot pages, their Excel downloads and on-demand runs."""

from django.urls import path

from ..views.dashboard import quota_community, quota_dashboard, quota_report_status, quota_run
from ..views.dashboard_export import quota_export

urlpatterns = [
    path("", quota_dashboard, name="quota-dashboard"),
    path("community/<str:code>/", quota_community, name="quota-community"),
    path("export/", quota_export, name="quota-export"),
    path("run/", quota_run, name="quota-run"),
    path("reports/<int:pk>/status/", quota_report_status, name="quota-report-status"),
]
