from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.errors import Code
from core.http import client_ip
from core.rest.permissions import allowed
from core.rest.viewsets import ScopedReadOnlyViewSet, ScopedViewSetMixin

from .. import services
from ..filtersets import FederationFilterSet, OrganizationFilterSet, RegionFilterSet, SocialWorkerFilterSet
from ..models import Federation, Organization, Region, SocialWorker
from .serializers import (
    FederationSerializer,
    OrganizationSerializer,
    PersonalDataSerializer,
    RegionSerializer,
    SocialWorkerSerializer,
)


class RegionViewSet(ScopedReadOnlyViewSet):
    """Regions of the user's jurisdiction (the subtree under it)."""

    queryset = Region.objects.none()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    lookup_value_regex = r"\d{12}"
    cursor_ordering = ("code",)


class OrganizationViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organizations of the user's jurisdiction. Writes go through the registry services."""

    queryset = Organization.objects.none()
    permission_classes = [
        IsAuthenticated,
        allowed(
            "registry.create_organization",
            actions=("create",),
            message="您的角色不能登记组织",
            code=Code.PERMISSION_DENIED,
        ),
    ]
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    select_related = ("category", "community__parent")
    prefetch_related = ("domains", "target_groups")
    # Ids correlate with place when data arrives district by district (a legacy migration), so
    # "newest first" would make PostgreSQL walk the whole primary key for one district's page.
    cursor_ordering = ("name_pinyin", "pk")

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.instance = services.organization_create(
            actor=self.request.user, data=serializer.validated_data, ip=client_ip(self.request)
        )

    def perform_update(self, serializer: BaseSerializer) -> None:
        serializer.instance = services.organization_update(
            actor=self.request.user,
            organization_id=serializer.instance.pk,
            data=serializer.validated_data,
            ip=client_ip(self.request),
        )

    @extend_schema(request=None, responses=PersonalDataSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, pk: str | None = None) -> Response:
        """The leader's full ID number and phone, for those who manage the record; audited."""
        organization = self.get_object()
        data = services.organization_personal_data(
            actor=request.user, organization=organization, ip=client_ip(request), reveal=True
        )
        return Response(PersonalDataSerializer(data).data, headers={"Cache-Control": "no-store"})


class SocialWorkerViewSet(ScopedReadOnlyViewSet):
    """The social-work talent register of the user's jurisdiction."""

    queryset = SocialWorker.objects.none()
    serializer_class = SocialWorkerSerializer
    filterset_class = SocialWorkerFilterSet
    select_related = ("community",)


class FederationViewSet(ScopedReadOnlyViewSet):
    """Street federations of the user's jurisdiction, with their member organization ids."""

    queryset = Federation.objects.none()
    serializer_class = FederationSerializer
    filterset_class = FederationFilterSet
    select_related = ("organization", "street")
    prefetch_related = ("members",)
