from django.urls import path

from ..views import applications as views

urlpatterns = [
    path("filing/applications/", views.ApplicationListView.as_view(), name="application-list"),
    path("filing/applications/new/", views.ApplicationCreateView.as_view(), name="application-create"),
    path("filing/applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application-detail"),
    path(
        "filing/applications/<int:pk>/edit/", views.ApplicationUpdateView.as_view(), name="application-update"
    ),
    path(
        "filing/applications/<int:pk>/receipt/",
        views.ApplicationReceiptView.as_view(),
        name="application-receipt",
    ),
    path(
        "filing/applications/<int:pk>/materials/", views.MaterialUploadView.as_view(), name="material-upload"
    ),
    path(
        "filing/applications/<int:pk>/<slug:action>/",
        views.ApplicationActionView.as_view(),
        name="application-action",
    ),
    path("filing/materials/<int:pk>/", views.MaterialDownloadView.as_view(), name="material-download"),
    path("filing/materials/<int:pk>/delete/", views.MaterialDeleteView.as_view(), name="material-delete"),
]
