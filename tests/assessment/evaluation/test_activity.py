"""Service projects and trainings: who records them, what is refused, who sees a training's attendees."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessment import services
from assessment.evaluation.choices import Audience
from assessment.models import ServiceProject, Training, TrainingAttendee
from registry.models import Organization, TargetGroup
from tests.assessment.evaluation.conftest import TODAY, attend, training

YEAR_START = datetime.date(TODAY.year, 1, 1)


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def record(actor, organization, **data) -> ServiceProject:
    values = {
        "title": "银龄互助送餐项目",
        "starts_on": YEAR_START,
        "ends_on": YEAR_START + datetime.timedelta(days=200),
        "beneficiaries": 320,
        "volunteer_hours": "86.5",
        "funding_source": "government",
        "amount": "20000.00",
        "target_groups": list(TargetGroup.objects.filter(code="elderly")),
    }
    return services.project_record(actor=actor, organization_id=organization.pk, data={**values, **data})


# -- projects -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "org"), [("org_a", "a_guided"), ("community_a", "a_registered"), ("street_a", "va_filed")]
)
def test_an_organization_its_community_or_its_street_records_a_project(personas, orgs, persona, org):
    project = record(personas[persona], orgs[org])

    assert (project.year, project.amount, project.beneficiaries) == (TODAY.year, Decimal("20000.00"), 320)
    assert list(project.target_groups.values_list("code", flat=True)) == ["elderly"]


@pytest.mark.parametrize("persona", ["bureau_district", "operator"])
def test_the_bureau_and_operators_read_projects_but_do_not_record_them(personas, orgs, persona):
    with pytest.raises(PermissionDenied):
        record(personas[persona], orgs["a_filed"])


def test_a_project_is_checked_field_by_field(personas, orgs):
    with pytest.raises(ValidationError) as caught:
        record(
            personas["community_a"],
            orgs["a_filed"],
            title="",
            starts_on=TODAY + datetime.timedelta(days=10),
            funding_source="lottery_win",
            amount="-1",
            beneficiaries="很多",
        )

    assert codes(caught.value) == {
        "starts_on": ["future_date"],
        "title": ["required"],
        "funding_source": ["invalid_choice"],
        "beneficiaries": ["negative"],
        "amount": ["negative"],
    }


def test_a_project_ends_after_it_starts(personas, orgs):
    with pytest.raises(ValidationError) as caught:
        record(personas["org_a"], orgs["a_guided"], ends_on=YEAR_START - datetime.timedelta(days=1))

    assert codes(caught.value) == {"ends_on": ["ends_before_start"]}


def test_a_project_is_corrected_by_those_who_record_them(personas, orgs):
    project = record(personas["org_a"], orgs["a_guided"])

    updated = services.project_update(
        actor=personas["community_a"], project_id=project.pk, data={"beneficiaries": 400}
    )
    with pytest.raises(ServiceProject.DoesNotExist):
        services.project_update(actor=personas["street_b"], project_id=project.pk, data={"beneficiaries": 1})

    assert (updated.beneficiaries, updated.title) == (400, "银龄互助送餐项目")


# -- trainings -----------------------------------------------------------------------------------------------


def test_a_training_lists_the_leaders_of_the_organizations_sent(personas, orgs, tree):
    course = training(tree.street_a, TODAY, hours="8")

    added = attend(course, orgs["a_filed"], orgs["va_filed"])
    again = attend(course, orgs["a_filed"])

    attendees = TrainingAttendee.objects.unrestricted().filter(training=course)
    assert (added, again) == (2, 0)
    assert {(a.name, a.audience, a.region_id) for a in attendees} == {
        (orgs["a_filed"].leader_name, Audience.LEADER, orgs["a_filed"].community_id),
        (orgs["va_filed"].leader_name, Audience.LEADER, orgs["va_filed"].community_id),
    }


def test_the_other_audiences_are_placed_where_they_work(personas, orgs, tree):
    course = training(tree.district_a, TODAY)

    assistant = services.training_add_attendee(
        actor=personas["bureau_district"],
        training_id=course.pk,
        data={"audience": "civil_affairs", "name": "周明", "region": tree.street_b.code},
    )
    core = services.training_add_attendee(
        actor=personas["bureau_district"],
        training_id=course.pk,
        data={"audience": "core", "name": "吴芳", "organization": orgs["b_filed"].pk},
    )

    assert (assistant.region_id, assistant.organization_id) == (tree.street_b.code, None)
    assert (core.region_id, core.organization_id) == (orgs["b_filed"].community_id, orgs["b_filed"].pk)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"audience": "core", "name": "吴芳"}, {"organization": ["organization_required"]}),
        (
            {"audience": "volunteer", "name": "李雷", "region": "990102001001"},
            {"region": ["outside_training"]},
        ),
        ({"audience": "volunteer", "name": "", "region": "990101001001"}, {"name": ["required"]}),
        ({"audience": "mayor", "name": "李雷"}, {"audience": ["invalid_choice"]}),
    ],
)
def test_an_attendee_outside_the_training_or_without_a_place_is_refused(personas, tree, world, data, errors):
    course = training(tree.street_a, TODAY)

    with pytest.raises(ValidationError) as caught:
        services.training_add_attendee(actor=personas["street_a"], training_id=course.pk, data=data)

    assert codes(caught.value) == errors


def test_a_training_is_held_not_planned(personas):
    with pytest.raises(ValidationError) as caught:
        services.training_record(
            actor=personas["street_a"],
            data={
                "title": "培训",
                "organizer": "江滨街道",
                "held_on": TODAY + datetime.timedelta(days=3),
                "hours": "0.2",
            },
        )

    assert codes(caught.value) == {"held_on": ["future_date"], "hours": ["invalid"]}


def test_only_the_office_that_held_it_changes_a_training(personas, orgs, tree):
    course = training(tree.district_a, TODAY)

    with pytest.raises(PermissionDenied):
        attend_as(
            personas["street_a"], course, orgs["a_filed"]
        )  # sees the district's course, did not hold it
    with pytest.raises(Training.DoesNotExist):
        attend_as(personas["bureau_district_b"], course, orgs["a_filed"])


def attend_as(actor, course, organization):
    return services.training_add_leaders(
        actor=actor, training_id=course.pk, organization_ids=[organization.pk]
    )


def test_attendees_are_read_where_they_work_and_by_the_organizer(personas, orgs, tree):
    course = training(tree.district_a, TODAY)
    attend(course, orgs["a_guided"], orgs["b_filed"])

    def names(persona: str) -> set[int]:
        return set(
            TrainingAttendee.objects.for_user(personas[persona]).values_list("organization_id", flat=True)
        )

    assert names("bureau_district") == {orgs["a_guided"].pk, orgs["b_filed"].pk}
    assert names("street_a") == {orgs["a_guided"].pk}
    assert names("org_a") == {orgs["a_guided"].pk}
    assert names("street_b") == {orgs["b_filed"].pk}
    assert Training.objects.for_user(personas["org_a"]).get() == course  # the course it attended
    assert not Training.objects.for_user(personas["bureau_district_b"]).exists()


def test_removing_an_attendee_is_the_organizers(personas, orgs, tree):
    course = training(tree.street_a, TODAY)
    attend(course, orgs["a_filed"])
    attendee = TrainingAttendee.objects.unrestricted().get(training=course)

    with pytest.raises(PermissionDenied):
        services.training_remove_attendee(actor=personas["community_a"], attendee_id=attendee.pk)
    services.training_remove_attendee(actor=personas["street_a"], attendee_id=attendee.pk)

    assert not TrainingAttendee.objects.unrestricted().filter(training=course).exists()
    assert Organization.objects.unrestricted().filter(pk=orgs["a_filed"].pk).exists()
