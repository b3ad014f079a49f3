"""The accounts of the user's jurisdiction, kept through the API as on the pages: open one (its one-time
password is in that answer only), reset a password, deactivate, reactivate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.http import client_ip
from core.rest.permissions import allowed
from core.rest.viewsets import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField, ScopedViewSetMixin

from .. import services
from ..choices import Role
from ..filtersets import AccountFilterSet
from ..models import Organization, Region, User

NO_STORE = {"Cache-Control": "no-store"}


class AccountSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    region = ScopedSlugRelatedField(
        slug_field="code",
        model=Region,
        scope=lambda user: Region.objects.for_user(user),
        required=False,
        allow_null=True,
    )
    organization = ScopedPrimaryKeyRelatedField(
        model=Organization,
        scope=lambda user: Organization.objects.for_user(user, "change"),
        required=False,
        allow_null=True,
    )
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "role",
            "role_display",
            "region",
            "organization",
            "is_active",
            "must_change_password",
            "last_login",
            "date_joined",
        ]
        read_only_fields = ["is_active", "must_change_password", "last_login", "date_joined"]
        extra_kwargs = {"username": {"validators": []}}  # the service checks, case-insensitively


class OpenedAccountSerializer(AccountSerializer):
    one_time_password = serializers.CharField(read_only=True, help_text="临时密码：只在此次应答中出现一次")

    class Meta(AccountSerializer.Meta):
        fields = [*AccountSerializer.Meta.fields, "one_time_password"]


class AccountReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, default="", max_length=500)


class AccountViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Accounts of the jurisdiction, for the bureau and the street office (the superuser: all)."""

    queryset = User.objects.none()
    permission_classes = [
        IsAuthenticated,
        allowed(
            "registry.manage_accounts",
            actions=("list", "retrieve", "create", "reset_password", "deactivate", "reactivate"),
            message="您的角色不能管理账号",
        ),
    ]
    serializer_class = AccountSerializer
    filterset_class = AccountFilterSet
    select_related = ("region", "organization")
    cursor_ordering = ("username", "pk")
    lookup_value_regex = r"\d+"

    def _opened(self, account: User, password: str, status: int = 200) -> Response:
        account.one_time_password = password
        return Response(OpenedAccountSerializer(account).data, status=status, headers=NO_STORE)

    @extend_schema(responses={201: OpenedAccountSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(AccountSerializer)
        account, password = services.account_open(actor=request.user, data=data, ip=client_ip(request))
        return self._opened(account, password, status=201)

    @extend_schema(request=None, responses=OpenedAccountSerializer)
    @action(detail=True, methods=["post"], url_path="reset-password")
    def reset_password(self, request: Request, pk: str) -> Response:
        """A new one-time password; the old password and the account's API tokens stop working."""
        account = self.get_object()
        account, password = services.account_reset_password(
            actor=request.user, user_id=account.pk, ip=client_ip(request)
        )
        return self._opened(account, password)

    def _switch(self, service: Callable[..., User]) -> Response:
        data = self.validated(AccountReasonSerializer)
        account = service(
            actor=self.request.user,
            user_id=int(self.kwargs["pk"]),
            reason=data["reason"],
            ip=client_ip(self.request),
        )
        return Response(AccountSerializer(account).data)

    @extend_schema(request=AccountReasonSerializer, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str) -> Response:
        """Stop the account signing in; its API tokens end at once."""
        return self._switch(services.user_deactivate)

    @extend_schema(request=AccountReasonSerializer, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request: Request, pk: str) -> Response:
        return self._switch(services.user_reactivate)
