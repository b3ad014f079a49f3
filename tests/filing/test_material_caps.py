"""An application holds at most a set number of materials and a set total size; past either, the
upload is refused with a field error and nothing is stored."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from filing import services
from filing.errors import FilingCode
from filing.models import ApplicationMaterial
from filing.services import applications
from tests.filing.conftest import pdf


def materials_of(draft) -> int:
    return ApplicationMaterial.objects.unrestricted().filter(application=draft).count()


def test_the_material_past_the_count_cap_is_refused(personas, draft, monkeypatch):
    monkeypatch.setattr(applications, "MATERIALS_MAX", materials_of(draft) + 1)
    services.material_add(actor=personas["street_a"], application_id=draft.pk, kind="other", upload=pdf())
    with pytest.raises(ValidationError) as refused:
        services.material_add(actor=personas["street_a"], application_id=draft.pk, kind="other", upload=pdf())
    assert refused.value.error_dict["file"][0].code == FilingCode.TOO_MANY_MATERIALS
    assert "最多上传" in refused.value.error_dict["file"][0].message
    assert materials_of(draft) == applications.MATERIALS_MAX


def test_the_material_past_the_total_size_cap_is_refused(personas, draft, monkeypatch):
    held = sum(
        ApplicationMaterial.objects.unrestricted().filter(application=draft).values_list("size", flat=True)
    )
    monkeypatch.setattr(applications, "MATERIALS_TOTAL_MAX", held + 10)
    count = materials_of(draft)
    with pytest.raises(ValidationError) as refused:
        services.material_add(actor=personas["street_a"], application_id=draft.pk, kind="other", upload=pdf())
    assert refused.value.error_dict["file"][0].code == FilingCode.MATERIALS_TOO_LARGE
    assert materials_of(draft) == count
