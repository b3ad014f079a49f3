"""API v1: one router for every app's endpoints, namespaced "api" so names never shadow pages."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from assessment.api.activity import ServiceProjectViewSet, TrainingAttendeeViewSet, TrainingViewSet
from assessment.api.evaluation_views import (
    BrandDesignationViewSet,
    EvaluationEntryViewSet,
    EvaluationRoundViewSet,
    EvaluationSchemeViewSet,
    SelectionViewSet,
    WorkReportViewSet,
)
from assessment.api.views import QuotaPolicyViewSet, QuotaReportViewSet
from filing.api.cases import ComplaintViewSet, EventReportViewSet
from filing.api.views import FilingApplicationViewSet
from registry.api.views import FederationViewSet, OrganizationViewSet, RegionViewSet, SocialWorkerViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("federations", FederationViewSet, basename="federation")
router.register("social-workers", SocialWorkerViewSet, basename="social-worker")
router.register("filings", FilingApplicationViewSet, basename="filing")
router.register("complaints", ComplaintViewSet, basename="complaint")
router.register("event-reports", EventReportViewSet, basename="event-report")
router.register("quota-policies", QuotaPolicyViewSet, basename="quota-policy")
router.register("quota-reports", QuotaReportViewSet, basename="quota-report")
router.register("work-reports", WorkReportViewSet, basename="work-report")
router.register("evaluation-schemes", EvaluationSchemeViewSet, basename="evaluation-scheme")
router.register("evaluation-rounds", EvaluationRoundViewSet, basename="evaluation-round")
router.register("evaluation-entries", EvaluationEntryViewSet, basename="evaluation-entry")
router.register("brand-designations", BrandDesignationViewSet, basename="brand-designation")
router.register("selections", SelectionViewSet, basename="selection")
router.register("service-projects", ServiceProjectViewSet, basename="service-project")
router.register("trainings", TrainingViewSet, basename="training")
router.register("training-attendees", TrainingAttendeeViewSet, basename="training-attendee")

app_name = "api"
urlpatterns = [
    path("auth/token/", obtain_auth_token, name="token"),
    path("", include(router.urls)),
]
