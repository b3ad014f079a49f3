"""A group's tenancy follows it onto the register: named by those who run the base, or found by the
nightly job once the street has filed it under the same name in the same community."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Event
from filing import services as filing
from filing.choices import ApplicationKind
from incubation import services
from incubation.models import Tenancy
from incubation.tasks import follow_filings
from registry.choices import Role
from tests.conftest import make_organization, make_user
from tests.filing.conftest import advance, attach_required, new_proposal
from tests.incubation.conftest import active, apply_for, reload

pytestmark = pytest.mark.django_db

GROUP = "幸福里社区银龄志愿服务队"


@pytest.fixture
def group_tenancy(tree, bases):
    applicant = make_user("applicant", Role.APPLICANT)
    return active(
        apply_for(bases.street_a, applicant, group_name=GROUP, community=tree.community_a.code), bases.office
    )


def file_the_group(tree, personas, name=GROUP):
    application = filing.application_create(
        actor=personas["street_a"],
        kind=ApplicationKind.NEW,
        community=tree.community_a,
        contact_name="刘桂兰",
        contact_phone="13911112222",
        proposal=new_proposal(name=name),
    )
    attach_required(personas["street_a"], application)
    return advance(personas, application, "approved").organization


def test_once_filed_the_group_is_found_by_the_nightly_job(tree, personas, bases, group_tenancy):
    organization = file_the_group(tree, personas)

    assert follow_filings.apply().get() == 1

    tenancy = reload(group_tenancy)
    assert (tenancy.organization, tenancy.category) == (organization, organization.category)
    assert Tenancy.objects.for_user(personas["street_a"]).filter(organization=organization).exists()
    event = Event.objects.unrestricted().get(action="tenancy.linked")
    assert (event.actor, event.organization_id, event.reason) == (
        None,
        organization.pk,
        f"关联在册组织：{GROUP}",
    )
    assert services.tenancies_follow_filings() == 0  # nothing left to follow


def test_a_namesake_in_another_community_is_not_followed(tree, personas, bases, group_tenancy):
    make_organization(tree.community_b, name=GROUP)

    assert services.tenancies_follow_filings() == 0
    assert reload(group_tenancy).organization is None


def test_the_operator_names_the_organization_the_group_became(tree, personas, bases, group_tenancy):
    renamed = file_the_group(tree, personas, name="幸福里社区银龄互助服务队")

    tenancy = services.tenancy_link_organization(
        actor=personas["operator"], tenancy_id=group_tenancy.pk, organization=renamed.pk
    )

    assert (tenancy.organization, tenancy.name) == (renamed, "幸福里社区银龄互助服务队")
    with pytest.raises(PermissionDenied):  # already linked
        services.tenancy_link_organization(
            actor=personas["operator"], tenancy_id=tenancy.pk, organization=renamed.pk
        )


def test_an_organization_of_another_street_is_refused(tree, personas, bases, group_tenancy):
    other = make_organization(tree.community_b, name="湖畔社区银龄志愿服务队")

    with pytest.raises(ValidationError) as refused:
        services.tenancy_link_organization(
            actor=personas["bureau_district"], tenancy_id=group_tenancy.pk, organization=other.pk
        )

    assert refused.value.message_dict == {"organization": ["该组织与入驻时登记的组织不在同一街道（乡镇）"]}
