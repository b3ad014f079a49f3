"""The quarterly statistics table (季度统计表) and its Excel download."""

from django.urls import path

from ..views.statistics import quarterly_statistics_export, quarterly_statistics_page

urlpatterns = [
    path("quarterly/", quarterly_statistics_page, name="quarterly-statistics"),
    path("quarterly/export/", quarterly_statistics_export, name="quarterly-statistics-export"),
]
