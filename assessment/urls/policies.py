"""Quota policy pages: the list of presets and policies, one policy, copying and editing it."""

from django.urls import path

from ..views.policies import PolicyCopyView, PolicyDetailView, PolicyEditView, PolicyListView

urlpatterns = [
    path("", PolicyListView.as_view(), name="quota-policy-list"),
    path("<int:pk>/", PolicyDetailView.as_view(), name="quota-policy-detail"),
    path("<int:pk>/copy/", PolicyCopyView.as_view(), name="quota-policy-copy"),
    path("<int:pk>/edit/", PolicyEditView.as_view(), name="quota-policy-edit"),
]
