"""Keeping accounts on the pages and through the API: the keeper's list, opening an account whose
one-time password is shown once, resetting, deactivating; a one-time password leads to the password
page and nowhere else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from registry.choices import Role
from registry.models import User
from tests.conftest import make_user
from tests.factories import PASSWORD


def reloaded(user: User) -> User:
    return User.objects.unrestricted().get(pk=user.pk)


def one_time_password(response) -> str:
    page = response.content.decode()
    start = page.index('data-role="one-time-password">') + len('data-role="one-time-password">')
    return page[start : page.index("<", start)]


def test_the_street_lists_the_accounts_of_its_street(client, personas, tree, world):
    client.force_login(personas["street_a"])

    page = client.get(reverse("account-list")).content.decode()

    for name in ("street_a", "community_a", "operator", "org_a"):
        assert f">{name}</a>" in page
    for name in ("street_b", "bureau_district", "bureau_city"):
        assert f">{name}</a>" not in page


def test_the_lists_read_a_constant_number_of_queries(
    client, personas, tree, world, django_assert_num_queries
):
    """Pages and the API read the accounts with their regions and organizations in one query."""
    client.force_login(personas["street_a"])
    few = {url: len(queries_of(client, url)) for url in ("/accounts/", "/api/v1/accounts/")}
    for n in range(20):
        organization = world.orgs["a_filed"] if n % 2 else world.orgs["va_filed"]
        make_user(f"member{n}", Role.ORGANIZATION, organization.community, organization=organization)
        make_user(f"clerk{n}", Role.COMMUNITY, tree.village_a)

    for url, count in few.items():
        assert len(queries_of(client, url)) == count <= 12, url


def queries_of(client, url: str) -> list:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return captured.captured_queries


@pytest.mark.parametrize("persona", ["community_a", "operator", "org_a"])
def test_who_keeps_no_accounts_is_refused_the_pages(client, personas, persona):
    client.force_login(personas[persona])

    assert client.get(reverse("account-list")).status_code == 403
    assert client.get(reverse("account-create")).status_code == 403


def test_another_streets_account_is_not_found(client, personas):
    client.force_login(personas["street_a"])
    other = personas["street_b"]

    assert client.get(reverse("account-detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("account-reset-password", args=[other.pk])).status_code == 404
    assert client.post(reverse("account-action", args=[other.pk, "deactivate"])).status_code == 404
    assert reloaded(other).is_active


def test_a_new_account_signs_in_with_its_one_time_password_and_must_change_it(client, personas, tree):
    client.force_login(personas["street_a"])
    response = client.post(
        reverse("account-create"),
        {"username": "zhangwei", "full_name": "张伟", "role": Role.COMMUNITY, "region": tree.village_a.code},
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    password = one_time_password(response)
    client.logout()

    signed_in = client.post(reverse("login"), {"username": "zhangwei", "password": password})
    assert signed_in.status_code == 302
    assert client.get(reverse("organization-list")).url == reverse("password-change")
    refused = client.get("/api/v1/organizations/")
    assert refused.status_code == 403 and refused.json()["code"] == "password_change_required"

    changed = client.post(
        reverse("password-change"),
        {"old_password": password, "new_password1": "Taoyuan-2026!", "new_password2": "Taoyuan-2026!"},
    )
    assert changed.status_code == 302
    assert client.get(reverse("organization-list")).status_code == 200  # still signed in, free to go
    assert not reloaded(User.objects.unrestricted().get(username="zhangwei")).must_change_password


def test_a_street_cannot_open_an_account_in_another_street_from_the_page(client, personas, tree):
    client.force_login(personas["street_a"])

    response = client.post(
        reverse("account-create"),
        {"username": "x2", "full_name": "某某", "role": Role.COMMUNITY, "region": tree.community_b.code},
    )

    # The region is not even offered: it is not a valid choice for this street.
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not User.objects.unrestricted().filter(username="x2").exists()


def test_reset_and_deactivation_from_the_account_page(client, personas):
    client.force_login(personas["street_a"])
    account = personas["community_a"]

    password = one_time_password(client.post(reverse("account-reset-password", args=[account.pk])))
    assert reloaded(account).check_password(password)
    client.post(reverse("account-action", args=[account.pk, "deactivate"]), {"reason": "调离"})
    client.logout()

    assert client.post(reverse("login"), {"username": "community_a", "password": password}).status_code == 200
    assert not reloaded(account).is_active


def test_the_account_page_shows_its_history(client, personas):
    client.force_login(personas["street_a"])
    account = personas["operator"]
    client.post(reverse("account-action", args=[account.pk, "deactivate"]), {"reason": "合同到期"})

    page = client.get(reverse("account-detail", args=[account.pk])).content.decode()

    assert "停用账号" in page and "合同到期" in page


# -- the API ----------------------------------------------------------------------------------------


def test_the_api_opens_an_organization_account_and_answers_its_password_once(client, personas, world):
    client.force_login(personas["street_a"])
    organization = world.orgs["a_filed"]

    response = client.post(
        "/api/v1/accounts/",
        {
            "username": "lianluoren",
            "full_name": "联络人",
            "role": Role.ORGANIZATION,
            "organization": organization.pk,
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    account = User.objects.unrestricted().get(pk=body["id"])
    assert account.check_password(body["one_time_password"]) and account.organization == organization
    assert "one_time_password" not in client.get(f"/api/v1/accounts/{account.pk}/").json()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"role": Role.BUREAU, "region": "990101001000"}, "role"),  # a street does not open a bureau
        ({"role": Role.STREET, "region": "990101002000"}, "region"),  # another street: no such region
    ],
)
def test_the_api_refuses_what_a_street_may_not_open(client, personas, tree, payload, field):
    client.force_login(personas["street_a"])

    response = client.post(
        "/api/v1/accounts/", {"username": "y1", "full_name": "某", **payload}, content_type="application/json"
    )

    assert response.status_code == 400, response.content
    assert field in str(response.json())


def test_the_api_resets_and_deactivates_inside_the_jurisdiction_only(client, personas):
    client.force_login(personas["street_a"])
    inside, outside = personas["community_a"], personas["street_b"]

    reset = client.post(f"/api/v1/accounts/{inside.pk}/reset-password/")
    assert reset.status_code == 200 and reloaded(inside).check_password(reset.json()["one_time_password"])
    assert client.post(f"/api/v1/accounts/{outside.pk}/reset-password/").status_code == 404
    assert client.post(f"/api/v1/accounts/{outside.pk}/deactivate/").status_code == 404
    assert (
        client.post(f"/api/v1/accounts/{inside.pk}/deactivate/", {"reason": "离职"}).json()["is_active"]
        is False
    )


def test_a_community_cannot_use_the_accounts_api(client, personas):
    client.force_login(personas["community_a"])

    assert client.get("/api/v1/accounts/").status_code == 403
    assert client.post("/api/v1/accounts/", {}, content_type="application/json").status_code == 403


def test_a_token_of_an_account_with_a_one_time_password_is_refused(client, personas):
    account = personas["community_a"]
    User.objects.unrestricted().filter(pk=account.pk).update(must_change_password=True)
    token = client.post("/api/v1/auth/token/", {"username": "community_a", "password": PASSWORD}).json()[
        "token"
    ]

    response = client.get("/api/v1/organizations/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 403 and response.json()["code"] == "password_change_required"


def test_the_organization_page_lists_its_accounts_for_its_keepers(client, personas, world):
    organization = personas["org_a"].organization
    url = reverse("organization-detail", args=[organization.pk])
    client.force_login(personas["street_a"])

    page = client.get(url).content.decode()

    assert "组织账号" in page and reverse("account-detail", args=[personas["org_a"].pk]) in page
    form = client.get(reverse("account-create") + f"?organization={organization.pk}")
    assert form.context["form"].initial == {"role": Role.ORGANIZATION, "organization": str(organization.pk)}
    for reader in ("org_a", "bureau_district", "community_a"):  # the organization itself, not its keeper
        client.force_login(personas[reader])
        assert "开设组织账号" not in client.get(url).content.decode()
