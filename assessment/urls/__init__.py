"""Pages of the assessment app: quota dashboards, policies and the quarterly statistics table; work
reports, the annual evaluation, brands, projects and trainings."""

from django.urls import include, path

urlpatterns = [
    path("quota/", include("assessment.urls.dashboard")),
    path("quota/policies/", include("assessment.urls.policies")),
    path("statistics/", include("assessment.urls.statistics")),
    path("evaluation/", include("assessment.urls.evaluation")),
]
