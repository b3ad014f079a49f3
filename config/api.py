"""API v1: one router for every app's endpoints, namespaced "api" so names never shadow pages."""

from django.urls import include, path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.settings import api_settings

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
from core.auth import token_issue
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
from registry.api.accounts import AccountViewSet
from registry.api.serializers import SignInSerializer
from registry.api.views import FederationViewSet, OrganizationViewSet, RegionViewSet, SocialWorkerViewSet


class TokenView(ObtainAuthToken):
    """Tokens for the username and password posted, parsed like every other request body."""

    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
    serializer_class = SignInSerializer
    # DRF's view turns throttling off; here it is the first line against password guessing.
    throttle_classes = api_settings.DEFAULT_THROTTLE_CLASSES

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response({"token": token_issue(serializer.validated_data["user"])})


router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("federations", FederationViewSet, basename="federation")
router.register("social-workers", SocialWorkerViewSet, basename="social-worker")
router.register("accounts", AccountViewSet, basename="account")
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
    path("auth/token/", TokenView.as_view(), name="token"),
    path("", include(router.urls)),
]
