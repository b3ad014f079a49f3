"""The 指标统计 menu: staff reach the dashboard, the policies and the quarterly table from any page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from registry.models import User

MENU = ("指标看板", "指标方案", "季度统计表")


@pytest.mark.parametrize("persona", ["bureau_city", "street_a", "community_a", "operator"])
def test_staff_see_the_quota_menu(client, personas: dict[str, User], persona: str) -> None:
    client.force_login(personas[persona])

    page = client.get(reverse("organization-list")).content.decode()

    for label in MENU:
        assert label in page
    assert reverse("quota-dashboard") in page
    assert reverse("quarterly-statistics") in page


def test_an_organization_account_does_not(client, personas: dict[str, User]) -> None:
    client.force_login(personas["org_a"])

    page = client.get(reverse("organization-list")).content.decode()

    assert "指标看板" not in page
