"""The bureau and the street office keep the accounts of their jurisdiction: they open accounts of
their own level and below, reset passwords with a one-time password, deactivate and reactivate; each
change is one event on the trail; accounts outside the jurisdiction do not exist for them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Event
from registry import services
from registry.choices import AuditAction, Role
from registry.models import User
from tests.conftest import make_user


def data(role, region=None, **extra) -> dict:
    return {"username": "newcomer", "full_name": "新同事", "role": role, "region": region, **extra}


def reloaded(user: User) -> User:
    return User.objects.unrestricted().get(pk=user.pk)


# -- opening accounts: the permission matrix ------------------------------------------------------

ALLOWED = [
    ("bureau_city", Role.BUREAU, "district_a"),
    ("bureau_city", Role.STREET, "street_c"),
    ("bureau_district", Role.BUREAU, "district_a"),
    ("bureau_district", Role.COMMUNITY, "community_b"),
    ("bureau_district", Role.OPERATOR, "district_a"),
    ("street_a", Role.STREET, "street_a"),
    ("street_a", Role.COMMUNITY, "village_a"),
    ("street_a", Role.OPERATOR, "street_a"),
]


@pytest.mark.parametrize(("actor", "role", "region"), ALLOWED)
def test_a_keeper_opens_accounts_of_its_level_and_below(tree, personas, actor, role, region):
    account, password = services.account_open(
        actor=personas[actor], data=data(role, getattr(tree, region)), ip="10.0.0.2"
    )

    assert account.check_password(password) and account.must_change_password
    (event,) = Event.objects.unrestricted().of(account)
    assert (event.action, event.actor) == (AuditAction.USER_CREATED, personas[actor])
    assert password not in str(event.__dict__)


REFUSED = [
    ("street_a", Role.BUREAU, "district_a", "role"),  # a street does not open a bureau account
    ("street_a", Role.STREET, "street_b", "region"),  # nor one in another street
    ("street_a", Role.COMMUNITY, "community_b", "region"),
    ("bureau_district", Role.BUREAU, "city", "region"),  # a district does not open the city's
    ("bureau_district", Role.STREET, "street_c", "region"),  # nor another district's
    ("bureau_district_b", Role.COMMUNITY, "community_a", "region"),
    ("street_a", Role.APPLICANT, None, "role"),  # applicants open their own accounts
]


@pytest.mark.parametrize(("actor", "role", "region", "field"), REFUSED)
def test_a_keeper_opens_nothing_above_or_beside_it(tree, personas, actor, role, region, field):
    with pytest.raises(ValidationError) as refused:
        services.account_open(actor=personas[actor], data=data(role, region and getattr(tree, region)))

    assert list(refused.value.error_dict) == [field]
    assert not User.objects.unrestricted().filter(username="newcomer").exists()


@pytest.mark.parametrize("actor", ["community_a", "operator", "org_a"])
def test_who_keeps_no_accounts_cannot_open_one(tree, personas, actor):
    with pytest.raises(PermissionDenied):
        services.account_open(actor=personas[actor], data=data(Role.COMMUNITY, tree.community_a))


@pytest.mark.parametrize("field", ["is_staff", "is_superuser"])
def test_platform_rights_are_not_a_keepers_to_give(tree, personas, field):
    with pytest.raises(PermissionDenied):
        services.account_open(
            actor=personas["bureau_city"], data=data(Role.STREET, tree.street_a, **{field: True})
        )


def test_an_organizations_accounts_are_placed_in_its_community(world, personas, tree):
    organization = world.orgs["a_filed"]
    for username in ("leader", "contact"):  # the leader and a contact: two accounts of one organization
        services.account_open(
            actor=personas["street_a"],
            data={"username": username, "role": Role.ORGANIZATION, "organization": organization},
        )

    accounts = organization.accounts.for_user(personas["street_a"])
    assert sorted(a.username for a in accounts) == ["contact", "leader"]
    assert {a.region_id for a in accounts} == {tree.community_a.code}


@pytest.mark.parametrize(
    ("actor", "org"),
    [
        ("street_a", "b_filed"),  # another street's organization
        ("street_a", "a_registered"),  # a registered organization is the bureau's (分类管理)
        ("bureau_district", "a_filed"),  # a filed one is the street's
    ],
)
def test_an_organizations_account_only_for_an_organization_the_keeper_manages(world, personas, actor, org):
    with pytest.raises(ValidationError) as refused:
        services.account_open(
            actor=personas[actor],
            data={"username": "x1", "role": Role.ORGANIZATION, "organization": world.orgs[org]},
        )

    assert list(refused.value.error_dict) == ["organization"]


# -- resetting, deactivating, reactivating ------------------------------------------------------


def test_a_reset_gives_a_one_time_password_and_ends_the_old_one(personas):
    account = personas["community_a"]

    _, password = services.account_reset_password(actor=personas["street_a"], user_id=account.pk)

    account = reloaded(account)
    assert account.check_password(password) and account.must_change_password
    assert not account.check_password("test-pass-123")
    (event,) = Event.objects.unrestricted().of(account)
    assert event.action == AuditAction.USER_PASSWORD_RESET and password not in str(event.__dict__)


def test_deactivation_and_reactivation_are_recorded(personas):
    account = personas["org_a"]
    keeper = personas["street_a"]

    services.user_deactivate(actor=keeper, user_id=account.pk, reason="负责人已更换")
    assert not reloaded(account).is_active
    services.user_deactivate(actor=keeper, user_id=account.pk)  # already off: nothing more to record
    services.user_reactivate(actor=keeper, user_id=account.pk)

    assert reloaded(account).is_active
    actions = [(e.action, e.reason) for e in Event.objects.unrestricted().of(account)]
    assert actions == [(AuditAction.USER_DEACTIVATED, "负责人已更换"), (AuditAction.USER_REACTIVATED, "")]


# Whom each keeper resets; a guided organization's account is the street's, not the bureau's (分类管理).
CHANGEABLE = {
    "bureau_city": {
        "bureau_district",
        "bureau_district_b",
        "street_a",
        "street_b",
        "community_a",
        "operator",
    },
    "bureau_district": {"street_a", "street_b", "community_a", "operator"},
    "bureau_district_b": set(),
    "street_a": {"community_a", "operator", "org_a"},
    "street_b": set(),
}


@pytest.mark.parametrize("actor", sorted(CHANGEABLE))
def test_accounts_outside_the_jurisdiction_do_not_exist(personas, actor):
    """Each keeper resets exactly the accounts it keeps; any other outside its jurisdiction is not
    found (404), its own too; inside it but another's to keep, refused (403)."""
    outcome = {}
    for name, account in personas.items():
        try:
            services.account_reset_password(actor=personas[actor], user_id=account.pk)
        except User.DoesNotExist:
            outcome[name] = "missing"
        except PermissionDenied:
            outcome[name] = "denied"
        else:
            outcome[name] = "reset"
    assert {name for name, result in outcome.items() if result == "reset"} == CHANGEABLE[actor]
    assert outcome[actor] == "missing"
    denied = {name for name, result in outcome.items() if result == "denied"}
    assert denied == ({"org_a"} if actor in ("bureau_city", "bureau_district") else set())


@pytest.mark.parametrize("actor", ["community_a", "operator", "org_a"])
def test_who_keeps_no_accounts_resets_none(personas, actor):
    for account in personas.values():
        with pytest.raises((PermissionDenied, User.DoesNotExist)):
            services.account_reset_password(actor=personas[actor], user_id=account.pk)


def test_a_street_may_see_but_not_reset_a_registered_organizations_account(world, personas):
    account = make_user(
        "reg_a",
        Role.ORGANIZATION,
        world.orgs["a_registered"].community,
        organization=world.orgs["a_registered"],
    )

    with pytest.raises(PermissionDenied):
        services.account_reset_password(actor=personas["street_a"], user_id=account.pk)
    services.account_reset_password(actor=personas["bureau_district"], user_id=account.pk)


def test_a_keeper_cannot_move_an_account_out_of_its_jurisdiction(tree, personas):
    with pytest.raises(ValidationError) as refused:
        services.user_update(
            actor=personas["street_a"], user_id=personas["community_a"].pk, data={"region": tree.community_b}
        )

    assert list(refused.value.error_dict) == ["region"]
    assert reloaded(personas["community_a"]).region == tree.community_a
