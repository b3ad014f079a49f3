"""Pages of the assessment app: quota dashboards, policies and the quarterly statistics table."""

from django.urls import include, path

urlpatterns = [
    path("quota/", include("assessment.urls.dashboard")),
    path("quota/policies/", include("assessment.urls.policies")),
    path("statistics/", include("assessment.urls.statistics")),
]
