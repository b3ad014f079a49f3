from django.urls import path

from .views import organizations as views
from .views.home import home

urlpatterns = [
    path("", home, name="home"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path("organizations/export.xlsx", views.OrganizationExportView.as_view(), name="organization-export"),
    path("organizations/new/", views.OrganizationCreateView.as_view(), name="organization-create"),
    path("organizations/<int:pk>/", views.OrganizationDetailView.as_view(), name="organization-detail"),
    path("organizations/<int:pk>/edit/", views.OrganizationUpdateView.as_view(), name="organization-update"),
    path(
        "organizations/<int:pk>/reveal/", views.OrganizationRevealView.as_view(), name="organization-reveal"
    ),
    path(
        "organizations/<int:pk>/charter/",
        views.OrganizationCharterView.as_view(),
        name="organization-charter",
    ),
]
