from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from core.rest.viewsets import ScopedSlugRelatedField

from ..choices import FundingSource
from ..errors import RegistryCode
from ..identifiers import mask_phone, mask_resident_id, validate_credit_code
from ..models import Category, Federation, Organization, Region, ServiceDomain, SocialWorker, TargetGroup
from ..services import signin


class RegionSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    parent = serializers.CharField(source="parent_id", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "level_display", "parent", "urban_rural"]


def _communities_in_scope(user: Any) -> Any:
    return Region.objects.for_user(user).communities()


class OrganizationSerializer(serializers.ModelSerializer):
    """Personal data is accepted on write and always masked on read (see the reveal action)."""

    category = serializers.SlugRelatedField(
        slug_field="code", queryset=Category.objects.filter(is_active=True)
    )
    category_name = serializers.CharField(source="category.name", read_only=True)
    community = ScopedSlugRelatedField(slug_field="code", model=Region, scope=_communities_in_scope)
    community_name = serializers.CharField(source="community.name", read_only=True)
    street = serializers.SerializerMethodField()
    domains = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=ServiceDomain.objects.all()
    )
    target_groups = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=TargetGroup.objects.all()
    )
    funding_sources = serializers.ListField(
        child=serializers.ChoiceField(choices=FundingSource.choices), required=False
    )

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "name_pinyin",
            "tier",
            "category",
            "category_name",
            "community",
            "community_name",
            "street",
            "founded_on",
            "leader_name",
            "leader_id_number",
            "leader_phone",
            "credit_code",
            "member_count",
            "party_building",
            "leader_party_member",
            "venue",
            "funding_sources",
            "domains",
            "target_groups",
            "is_brand",
            "status",
            "created_at",
            "updated_at",
        ]
        # A brand is designated (assessment's brand designations), not ticked.
        read_only_fields = ["name_pinyin", "is_brand", "status", "created_at", "updated_at"]
        # The name-per-street and credit-code rules are database constraints that the service
        # checks with full_clean; DRF's generated validators would duplicate them.
        validators: list[Any] = []
        extra_kwargs = {"credit_code": {"validators": [validate_credit_code]}}

    def get_street(self, organization: Organization) -> dict[str, str] | None:
        street = organization.community.parent
        return {"code": street.code, "name": street.name} if street else None

    def to_representation(self, instance: Organization) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["leader_id_number"] = mask_resident_id(instance.leader_id_number)
        data["leader_phone"] = mask_phone(instance.leader_phone)
        return data


class PersonalDataSerializer(serializers.Serializer):
    leader_id_number = serializers.CharField()
    leader_phone = serializers.CharField()


class SocialWorkerSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community_id", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)

    class Meta:
        model = SocialWorker
        fields = [
            "id",
            "name",
            "community",
            "community_name",
            "qualification",
            "certificate_number",
            "certified_on",
            "is_active",
        ]


class FederationSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    street = serializers.CharField(source="street_id", read_only=True)
    street_name = serializers.CharField(source="street.name", read_only=True)
    members = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Federation
        fields = ["id", "organization", "organization_name", "street", "street_name", "founded_on", "members"]


class SignInSerializer(serializers.Serializer):
    """Username and password for a token; refused while the account or the address is locked."""

    username = serializers.CharField(label="用户名")
    password = serializers.CharField(label="密码", style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        request = self.context["request"]
        try:
            signin.signin_check(request, attrs["username"])
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages[0], code=RegistryCode.SIGNIN_LOCKED) from None
        user = authenticate(request=request, username=attrs["username"], password=attrs["password"])
        if user is None:
            signin.signin_failed(request, attrs["username"])
            raise serializers.ValidationError("用户名或密码不正确", code=RegistryCode.SIGNIN_FAILED)
        signin.signin_succeeded(request, attrs["username"])
        attrs["user"] = user
        return attrs
