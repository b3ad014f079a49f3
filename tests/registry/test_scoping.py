"""The one scoping rule, checked at the queryset for every persona on both sides of every boundary."""

import pytest

from core.models import Event
from core.scoping import UnscopedQueryError
from registry.models import Organization, Region, SocialWorker
from tests.conftest import CHANGEABLE, VISIBLE

PERSONAS = sorted(VISIBLE)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_each_persona_exactly_its_jurisdiction(world, personas, persona):
    visible = set(Organization.objects.for_user(personas[persona]).values_list("pk", flat=True))
    assert visible == world.ids(*VISIBLE[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_each_persona_change_only_the_tiers_it_manages(world, personas, persona):
    changeable = set(Organization.objects.for_user(personas[persona], "change").values_list("pk", flat=True))
    assert changeable == world.ids(*CHANGEABLE[persona])


def test_it_refuses_to_evaluate_an_unscoped_queryset(world):
    with pytest.raises(UnscopedQueryError):
        list(Organization.objects.filter(name__contains="社区"))
    with pytest.raises(UnscopedQueryError):
        Organization.objects.count()
    with pytest.raises(UnscopedQueryError):
        Region.objects.get(code="990100000000")


def test_relations_of_a_row_loaded_for_a_user_are_scoped_for_that_user(world, tree, personas):
    community = Region.objects.for_user(personas["street_a"]).get(pk=tree.community_a.pk)
    assert community.organizations.count() == 3
    # The organization's own account sees its community's other organizations through no back door.
    own = Organization.objects.for_user(personas["org_a"]).select_related("community").get()
    assert list(own.community.organizations.all()) == [own]


def test_relations_of_a_row_not_loaded_for_a_user_refuse(world, tree):
    community = Region.objects.unrestricted().get(pk=tree.community_a.pk)
    with pytest.raises(UnscopedQueryError):
        community.organizations.count()
    assert community.organizations.unrestricted().count() == 3


def test_it_shows_nothing_to_the_anonymous(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Organization.objects.for_user(AnonymousUser()).exists()


def test_it_shows_everything_to_a_superuser(world, admin_user):
    assert Organization.objects.for_user(admin_user).count() == len(world.orgs)


def test_it_scopes_regions_to_the_jurisdiction_subtree(tree, personas):
    codes = set(Region.objects.for_user(personas["street_a"]).values_list("code", flat=True))
    assert codes == {tree.street_a.code, tree.community_a.code, tree.village_a.code}
    assert not Region.objects.for_user(personas["org_a"]).exists()


def test_it_scopes_audit_events_and_social_workers(world, tree, personas):
    SocialWorker.objects.create(
        name="周敏", community=tree.community_b, qualification="assistant", certificate_number="S-1"
    )
    assert not SocialWorker.objects.for_user(personas["street_a"]).exists()
    assert SocialWorker.objects.for_user(personas["street_b"]).count() == 1
    street_a_events = Event.objects.for_user(personas["street_a"])
    assert {event.organization_id for event in street_a_events} == world.ids(*VISIBLE["street_a"])


def test_it_keeps_the_audit_trail_append_only(world):
    event = Event.objects.unrestricted().first()
    event.reason = "改写"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        Event.objects.unrestricted().update(reason="改写")
    with pytest.raises(TypeError):
        event.delete()
