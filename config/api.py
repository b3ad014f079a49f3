"""API v1: one router for every app's endpoints, namespaced "api" so names never shadow pages."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from assessment.api.views import QuotaPolicyViewSet, QuotaReportViewSet
from filing.api.cases import ComplaintViewSet, EventReportViewSet
from filing.api.views import FilingApplicationViewSet
from incubation.api.views import (
    BaseViewSet,
    EvaluationViewSet,
    ServiceRecordViewSet,
    SpaceViewSet,
    SubsidyViewSet,
    TenancyViewSet,
)
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
router.register("incubation/bases", BaseViewSet, basename="incubation-base")
router.register("incubation/spaces", SpaceViewSet, basename="incubation-space")
router.register("incubation/tenancies", TenancyViewSet, basename="tenancy")
router.register("incubation/services", ServiceRecordViewSet, basename="incubation-service")
router.register("incubation/subsidies", SubsidyViewSet, basename="incubation-subsidy")
router.register("incubation/evaluations", EvaluationViewSet, basename="incubation-evaluation")

app_name = "api"
urlpatterns = [
    path("auth/token/", obtain_auth_token, name="token"),
    path("", include(router.urls)),
]
