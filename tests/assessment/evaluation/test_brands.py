"""Brand designations (品牌): who designates which organizations, the brand flag kept by the registry's
service (history and trail), revocation; selections (评选) and their results."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessment import services
from assessment.evaluation.choices import BrandState, Grade
from assessment.models import BrandDesignation, Selection
from core.errors import InvalidTransition
from core.models import Event
from registry.models import Organization
from tests.assessment.evaluation.conftest import TODAY, graded_round, project

REASON = {"year": TODAY.year, "reason": "服务空巢老人成效突出，居民满意度高"}


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def designate(actor, organization, **data) -> BrandDesignation:
    return services.brand_designate(actor=actor, organization_id=organization.pk, data={**REASON, **data})


def brand_flag(organization: Organization) -> bool:
    return Organization.objects.unrestricted().get(pk=organization.pk).is_brand


def test_the_street_designates_an_organization_it_manages(personas, orgs):
    designation = designate(personas["street_a"], orgs["a_filed"])

    assert (designation.state, designation.office_id, designation.designated_by) == (
        BrandState.ACTIVE,
        "990101001000",
        personas["street_a"],
    )
    assert brand_flag(orgs["a_filed"])
    # The registry's own service set the flag: a history row and its trail event, besides the record's.
    version = Organization.history.unrestricted().filter(id=orgs["a_filed"].pk).latest("history_date")
    assert version.is_brand and version.history_change_reason == "修改：品牌组织"
    actions = set(
        Event.objects.unrestricted()
        .filter(organization_id=orgs["a_filed"].pk)
        .values_list("action", flat=True)
    )
    assert {"organization.updated", "brand.designated"} <= actions


def test_the_bureau_designates_the_registered_organizations(personas, orgs):
    designate(personas["bureau_district"], orgs["a_registered"])

    assert brand_flag(orgs["a_registered"])


@pytest.mark.parametrize(
    ("persona", "org"),
    [
        ("street_a", "a_registered"),
        ("bureau_district", "a_filed"),
        ("community_a", "a_guided"),
        ("org_a", "a_guided"),
    ],
)
def test_an_office_does_not_designate_what_it_does_not_manage(personas, orgs, persona, org):
    with pytest.raises(PermissionDenied):
        designate(personas[persona], orgs[org])
    assert not brand_flag(orgs[org])


def test_another_street_does_not_find_the_organization(personas, orgs):
    with pytest.raises(Organization.DoesNotExist):
        designate(personas["street_b"], orgs["a_filed"])


def test_an_organization_is_a_brand_once_at_a_time(personas, orgs):
    designate(personas["street_a"], orgs["a_filed"])

    with pytest.raises(ValidationError) as caught:
        designate(personas["street_a"], orgs["a_filed"])

    assert codes(caught.value) == {"organization": ["already_brand"]}


def test_bad_input_is_named_field_by_field(personas, orgs):
    with pytest.raises(ValidationError) as caught:
        designate(
            personas["street_a"],
            orgs["a_filed"],
            year=TODAY.year + 1,
            reason=" ",
            designated_on=TODAY + datetime.timedelta(days=1),
        )

    assert codes(caught.value) == {
        "year": ["invalid"],
        "designated_on": ["future_date"],
        "reason": ["required"],
    }
    assert not BrandDesignation.objects.unrestricted().exists()


def test_an_organization_graded_fail_is_not_designated_and_the_grade_is_kept(personas, orgs, tree):
    graded_round(tree.community_a, {orgs["a_filed"]: 50, orgs["a_guided"]: 95})

    with pytest.raises(ValidationError) as caught:
        designate(personas["street_a"], orgs["a_filed"])
    designation = designate(personas["street_a"], orgs["a_guided"])

    assert codes(caught.value) == {"organization": ["failed_evaluation"]}
    assert designation.grade == Grade.EXCELLENT


def test_a_revocation_needs_a_reason_and_clears_the_flag(personas, orgs):
    designation = designate(personas["street_a"], orgs["a_filed"])
    with pytest.raises(ValidationError) as caught:
        services.brand_revoke(actor=personas["street_a"], designation_id=designation.pk, reason="")
    assert codes(caught.value) == {"reason": ["required"]}

    revoked = services.brand_revoke(
        actor=personas["street_a"], designation_id=designation.pk, reason="连续两年未开展活动"
    )

    assert (revoked.state, revoked.revoked_on, revoked.revoke_reason) == (
        BrandState.REVOKED,
        TODAY,
        "连续两年未开展活动",
    )
    assert not brand_flag(orgs["a_filed"])
    with pytest.raises(InvalidTransition):
        services.brand_revoke(actor=personas["street_a"], designation_id=designation.pk, reason="再次撤销")
    designate(personas["street_a"], orgs["a_filed"])  # designated again later: a new record
    assert BrandDesignation.objects.unrestricted().filter(organization=orgs["a_filed"]).count() == 2


def test_the_organization_reads_its_designations_and_changes_none(personas, orgs):
    designation = designate(personas["street_a"], orgs["a_guided"])

    assert list(BrandDesignation.objects.for_user(personas["org_a"])) == [designation]
    with pytest.raises(PermissionDenied):
        services.brand_revoke(actor=personas["org_a"], designation_id=designation.pk, reason="自行撤销")


# -- selections -------------------------------------------------------------------------------------------


def selection(actor, **data) -> Selection:
    values = {
        "title": "2025年度品牌社区社会组织和优秀典型项目案例评选",
        "year": TODAY.year - 1,
        "held_on": TODAY,
    }
    return services.selection_record(actor=actor, data={**values, **data})


def test_a_street_records_its_selection_and_its_results(personas, orgs):
    held = selection(personas["street_a"])
    case = project(orgs["a_filed"], TODAY - datetime.timedelta(days=90), TODAY)

    brand = services.award_record(
        actor=personas["street_a"],
        selection_id=held.pk,
        data={"kind": "brand", "organization": orgs["a_guided"].pk},
    )
    model = services.award_record(
        actor=personas["street_a"],
        selection_id=held.pk,
        data={
            "kind": "project",
            "organization": orgs["a_filed"].pk,
            "project": case.pk,
            "title": "十佳服务项目",
        },
    )

    assert (brand.title, model.title, model.project_id) == ("品牌社区社会组织", "十佳服务项目", case.pk)
    assert held.region_id == "990101001000"


def test_a_result_names_an_organization_of_the_selections_area_and_a_project_of_its_own(personas, orgs):
    held = selection(personas["street_a"])
    other = project(orgs["a_registered"], TODAY - datetime.timedelta(days=30), TODAY)

    with pytest.raises(ValidationError) as outside:
        services.award_record(
            actor=personas["street_a"],
            selection_id=held.pk,
            data={"kind": "brand", "organization": orgs["b_filed"].pk},
        )
    with pytest.raises(ValidationError) as mismatch:
        services.award_record(
            actor=personas["street_a"],
            selection_id=held.pk,
            data={"kind": "project", "organization": orgs["a_filed"].pk, "project": other.pk},
        )

    assert codes(outside.value) == {"organization": ["outside_jurisdiction"]}
    assert codes(mismatch.value) == {"project": ["project_mismatch"]}


def test_a_selection_title_is_used_once_a_year_in_an_area(personas):
    selection(personas["street_a"])

    with pytest.raises(ValidationError) as caught:
        selection(personas["street_a"])

    assert codes(caught.value) == {"title": ["duplicate_selection"]}


@pytest.mark.parametrize("persona", ["community_a", "org_a"])
def test_communities_and_organizations_do_not_hold_selections(personas, persona):
    with pytest.raises(PermissionDenied):
        selection(personas[persona])


def test_a_district_selection_is_read_by_its_streets_but_not_by_the_other_district(personas):
    held = selection(personas["bureau_district"], title="临江区品牌社区社会组织评选")

    assert Selection.objects.for_user(personas["street_a"]).contains(held)
    assert not Selection.objects.for_user(personas["bureau_district_b"]).contains(held)
    with pytest.raises(PermissionDenied):
        services.award_record(
            actor=personas["street_a"], selection_id=held.pk, data={"kind": "brand", "organization": 1}
        )
