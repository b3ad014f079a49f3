from django.urls import path

from . import export_views as views

urlpatterns = [
    path("exports/", views.ExportListView.as_view(), name="export-list"),
    path("exports/new/", views.export_start, name="export-start"),
    path("exports/<int:pk>/", views.ExportDetailView.as_view(), name="export-detail"),
    path("exports/<int:pk>/status/", views.export_status, name="export-status"),
    path("exports/<int:pk>/download/", views.export_download, name="export-download"),
]
