"""Who reads the trail: those who may see an event's subject; of platform-wide lists, a superuser only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from core import trail
from core.models import Event
from registry.models import Category, Organization, ServiceDomain, TargetGroup
from tests.filing.conftest import file

VOCABULARIES = (Category, ServiceDomain, TargetGroup)


def readers(personas, event: Event) -> set[str]:
    return {name for name, user in personas.items() if Event.objects.for_user(user).contains(event)}


@pytest.fixture
def fresh_counters():
    cache.clear()  # complaints from the public are rate limited per address


@pytest.mark.parametrize("model", VOCABULARIES)
def test_a_vocabulary_event_is_read_by_a_superuser_only(personas, admin_user, model):
    term = model.objects.first()
    event = trail.record(actor=admin_user, action="vocabulary.updated", subject=term, region="")

    assert Event.objects.for_user(admin_user).filter(pk=event.pk).exists()
    assert readers(personas, event) == set()
    assert event.region_code == ""


def test_a_superuser_only_subject_must_be_unscoped_and_a_scoped_one_must_be_scoped():
    with pytest.raises(TypeError, match="no scoped manager"):
        trail.register_subject(Category)
    with pytest.raises(TypeError, match="is scoped"):
        trail.register_subject(Organization, superuser_only=True)


def test_it_refuses_an_event_about_an_unregistered_subject(admin_user):
    with pytest.raises(LookupError):
        trail.record(actor=admin_user, action="group.created", subject=Group(pk=1, name="x"), region="")


@pytest.mark.usefixtures("fresh_counters")
def test_a_complaints_events_are_read_by_the_street_and_the_bureau_only(world, personas, admin_user):
    organization = world.orgs["a_guided"]  # org_a's own organization, in community_a of street_a
    complaint = file(organization)
    (event,) = Event.objects.unrestricted().of(complaint)

    assert readers(personas, event) == {"street_a", "bureau_district", "bureau_city"}
    assert Event.objects.for_user(admin_user).filter(pk=event.pk).exists()


@pytest.mark.usefixtures("fresh_counters")
def test_the_organizations_timeline_leaves_out_complaints_about_it(world, personas):
    organization = world.orgs["a_guided"]
    complaint = file(organization)
    complaint_events = set(Event.objects.unrestricted().of(complaint).values_list("pk", flat=True))

    for name in ("org_a", "community_a"):
        timeline = trail.timeline_of_organization(organization.pk, user=personas[name])
        assert timeline, f"{name} reads the organization's own events"
        assert not complaint_events & {event.pk for event in timeline}, name
    street = trail.timeline_of_organization(organization.pk, user=personas["street_a"])
    assert complaint_events <= {event.pk for event in street}
