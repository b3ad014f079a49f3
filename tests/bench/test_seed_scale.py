"""``manage.py seed_scale``: the synthetic province the benchmarks measure."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from registry.choices import OrganizationStatus, RegionLevel
from registry.models import Federation, Organization, Region, SocialWorker

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_scale", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return list(
        Organization.objects.unrestricted()
        .order_by("community_id", "name")
        .values_list("name", "name_pinyin", "tier", "category__code", "community_id", "is_brand", "status")
    )


def test_it_builds_the_tiny_province_with_history_talent_and_federations():
    output = seed("--preset", "tiny")

    regions = Region.objects.unrestricted().filter(code__startswith="98")
    assert regions.filter(level=RegionLevel.COMMUNITY).count() == 140
    assert regions.filter(level=RegionLevel.STREET).count() == 2
    assert Organization.objects.unrestricted().count() == 1120
    assert Organization.history.model.objects.unrestricted().count() == 1120
    assert SocialWorker.objects.unrestricted().count() == 2 * 46
    federation = Federation.objects.unrestricted().get()
    assert federation.street_id == "980101002000"
    assert federation.organization.status == OrganizationStatus.ACTIVE
    assert "1,120 个组织" in output


def test_it_gives_the_same_rows_for_the_same_seed_and_others_for_another():
    seed("--communities", "70", "--orgs", "300", "--seed", "3")
    first = snapshot()
    seed("--communities", "70", "--orgs", "300", "--seed", "3", "--replace")
    assert snapshot() == first
    seed("--communities", "70", "--orgs", "300", "--seed", "4", "--replace")
    assert snapshot() != first


def test_it_romanizes_names_part_by_part_as_the_registry_would():
    seed("--communities", "2", "--orgs", "4")
    organization = Organization.objects.unrestricted().get(name="001001社区夕阳红合唱队0")
    assert organization.name_pinyin == "001001shequxiyanghonghechangdui0"
    assert organization.name_initials == "001001sqxyhhcd0"


def test_it_refuses_to_seed_over_an_existing_province_unless_told_to_replace():
    seed("--communities", "2", "--orgs", "2")
    with pytest.raises(CommandError, match="--replace"):
        seed("--communities", "2", "--orgs", "2")
