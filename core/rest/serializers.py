"""Serializers every app's API shares: references to regions and organizations, and the error shape."""

from __future__ import annotations

from rest_framework import serializers


class RegionRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class OrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class CodedErrorSerializer(serializers.Serializer):
    """The API's one error shape (see core.rest.errors)."""

    code = serializers.CharField()
    message = serializers.CharField()
    errors = FieldErrorSerializer(many=True, required=False)
