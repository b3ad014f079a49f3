"""Accounts opened and changed by the superuser: validated, one event each, no password in the trail.
The bureau and street keeping their jurisdiction's accounts: test_account_keeping.py."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Event
from registry import services
from registry.choices import AuditAction, Role
from registry.models import User

PASSWORD = "a-long-pass-2026"


def events_of(subject) -> list[Event]:
    return list(Event.objects.unrestricted().of(subject))


def staff_data(region, **overrides) -> dict:
    return {"username": "clerk", "full_name": "办事员", "role": Role.STREET, "region": region, **overrides}


def test_the_superuser_opens_a_staff_account(tree, admin_user):
    account = services.user_create(
        actor=admin_user, data=staff_data(tree.street_a), password=PASSWORD, ip="10.0.0.1"
    )

    assert account.check_password(PASSWORD) and account.jurisdiction_prefix == tree.street_a.prefix
    (event,) = events_of(account)
    assert (event.action, event.actor, event.region_code) == (
        AuditAction.USER_CREATED,
        admin_user,
        tree.street_a.code,
    )
    assert PASSWORD not in str(event.__dict__) and account.password not in str(event.__dict__)


def test_an_organizations_account_is_placed_in_its_community(world, admin_user):
    organization = world.orgs["a_filed"]

    account = services.user_create(
        actor=admin_user,
        data={"username": "org_a2", "role": Role.ORGANIZATION, "organization": organization},
        password=None,
    )

    assert not account.has_usable_password()
    (event,) = events_of(account)
    assert (event.region_code, event.organization_id) == (organization.community_id, organization.pk)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"region": None}, "region"),  # staff have exactly one jurisdiction
        ({"username": "STREET_A"}, "username"),  # names differing in case are one name
    ],
)
def test_an_account_that_breaks_a_rule_is_refused(tree, personas, admin_user, data, field):
    with pytest.raises(ValidationError) as refused:
        services.user_create(actor=admin_user, data={**staff_data(tree.street_a), **data}, password=PASSWORD)

    assert list(refused.value.error_dict) == [field]


def test_a_weak_password_is_refused(tree, admin_user):
    with pytest.raises(ValidationError) as refused:
        services.user_create(actor=admin_user, data=staff_data(tree.street_a), password="123")

    assert "password1" in refused.value.error_dict
    assert not User.objects.unrestricted().filter(username="clerk").exists()


@pytest.mark.parametrize("name", ["community_a", "operator", "org_a"])
def test_who_keeps_no_accounts_opens_and_changes_none(tree, personas, name):
    actor = personas[name]
    with pytest.raises(PermissionDenied):
        services.user_create(actor=actor, data=staff_data(tree.street_a), password=PASSWORD)
    with pytest.raises(User.DoesNotExist):
        services.user_update(actor=actor, user_id=personas["street_b"].pk, data={"is_active": False})
    with pytest.raises(User.DoesNotExist):
        services.user_set_password(actor=actor, user_id=actor.pk, password=PASSWORD)


def test_a_change_names_the_fields_it_changed_and_no_change_records_nothing(tree, personas, admin_user):
    account = personas["community_a"]

    services.user_update(actor=admin_user, user_id=account.pk, data={"full_name": "", "is_active": True})
    services.user_update(actor=admin_user, user_id=account.pk, data={"is_active": False})

    (event,) = events_of(account)
    assert event.action == AuditAction.USER_UPDATED and event.details == {"fields": ["is_active"]}
    assert not User.objects.unrestricted().get(pk=account.pk).is_active


def test_a_staff_account_moved_outside_its_roles_level_is_refused(tree, personas, admin_user):
    with pytest.raises(ValidationError) as refused:
        services.user_update(actor=admin_user, user_id=personas["street_a"].pk, data={"region": tree.city})

    assert list(refused.value.error_dict) == ["region"]
    assert events_of(personas["street_a"]) == []


def test_password_sign_in_turned_off_is_recorded(personas, admin_user):
    account = personas["street_b"]

    services.user_set_password(actor=admin_user, user_id=account.pk, password=None)

    assert not User.objects.unrestricted().get(pk=account.pk).has_usable_password()
    (event,) = events_of(account)
    assert event.action == AuditAction.USER_PASSWORD_SET and event.details == {"usable": False}


def test_an_accounts_events_are_read_by_its_jurisdiction(tree, personas, admin_user):
    account = personas["community_a"]
    services.user_update(actor=admin_user, user_id=account.pk, data={"full_name": "幸福里社区居委会"})
    (event,) = events_of(account)

    readers = {name for name, user in personas.items() if Event.objects.for_user(user).contains(event)}

    assert readers == {"community_a", "street_a", "operator", "bureau_district", "bureau_city"}
