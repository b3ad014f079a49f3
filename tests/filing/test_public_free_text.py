"""Free text published to the public (announcements, a complaint's feedback, a returned application's
reason) never shows a mobile number or a resident ID number as typed; office landlines stay."""

from __future__ import annotations

from django.urls import reverse

from filing import services
from registry.identifiers import mask_personal_text
from tests.conftest import valid_resident_id


def test_mobile_and_id_numbers_are_masked_and_landlines_kept():
    resident_id = valid_resident_id()
    text = f"联系人刘桂兰，电话13911112222，身份证{resident_id}；街道办电话010-61234567，编号202612345678901"
    masked = mask_personal_text(text)
    assert "13911112222" not in masked and "139****2222" in masked
    assert resident_id not in masked and resident_id[:6] in masked and resident_id[-4:] in masked
    assert "010-61234567" in masked
    assert "202612345678901" in masked  # 15 digits: neither a mobile nor an ID number


def test_a_published_announcement_masks_the_numbers_typed_into_it(client, personas, tree):
    resident_id = valid_resident_id()
    announcement = services.announcement_publish(
        actor=personas["street_a"],
        region=tree.street_a,
        title="关于13800001234反映问题的答复",
        body=f"请刘先生（13911112222，身份证号{resident_id}）到街道办领取材料。咨询电话：010-61234567",
    )
    page = client.get(reverse("public-announcement", args=[announcement.pk])).content.decode()
    listing = client.get(reverse("public-announcements")).content.decode()
    for shown in (page, listing):
        assert "13800001234" not in shown and "138****1234" in shown
    assert "13911112222" not in page and resident_id not in page
    assert "010-61234567" in page
