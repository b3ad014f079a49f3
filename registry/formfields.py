"""Form fields for registry objects, used by the forms of every app."""

from __future__ import annotations

from django import forms

from .models import Region


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        street = obj.parent.name if obj.parent_id else ""
        return f"{street} · {obj.name}（{obj.get_urban_rural_display()}）"
