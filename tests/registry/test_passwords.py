"""Every user's own password: the change page (a wrong current password counts towards the sign-in
lockout; a new password ends the API tokens), and a forgotten password asked for without learning
whether the username exists: an emailed link, or a to-do for the staff who keep the account."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from core.models import Event
from registry.choices import AuditAction
from registry.models import Notification, User
from registry.tasks import send_password_reset_link
from tests.factories import PASSWORD

NEW = "Xingfuli-2026!"


def reloaded(user: User) -> User:
    return User.objects.unrestricted().get(pk=user.pk)


def change(client, old: str, new: str = NEW, confirm: str | None = None):
    return client.post(
        reverse("password-change"),
        {"old_password": old, "new_password1": new, "new_password2": confirm or new},
    )


# -- changing one's own password --------------------------------------------------------------------


def test_a_user_changes_their_password_and_stays_signed_in(client, personas):
    account = personas["org_a"]
    client.force_login(account)

    assert change(client, PASSWORD).status_code == 302

    assert reloaded(account).check_password(NEW)
    assert client.get(reverse("home")).status_code == 200
    (event,) = Event.objects.unrestricted().of(account)
    assert (event.action, event.actor) == (AuditAction.USER_PASSWORD_CHANGED, account)


@pytest.mark.parametrize(
    ("old", "new", "confirm", "field", "message"),
    [
        ("wrong-one", NEW, None, "old_password", "当前密码不正确"),
        (PASSWORD, "12345678", None, "new_password1", "密码只包含数字"),  # the staff validators
        (PASSWORD, "Xf-26", None, "new_password1", "密码太短，至少需要8个字符"),
        (PASSWORD, NEW, "Other-2026!", "new_password2", "两次输入的密码不一致"),
        (PASSWORD, PASSWORD, None, "new_password1", "新密码不能与当前密码相同"),
    ],
)
def test_a_bad_change_says_why_beside_the_field(client, personas, old, new, confirm, field, message):
    client.force_login(personas["street_a"])

    response = change(client, old, new, confirm)

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert reloaded(personas["street_a"]).check_password(PASSWORD)


def test_wrong_current_passwords_lock_the_account_as_at_sign_in(client, personas):
    client.force_login(personas["street_a"])
    for _ in range(5):
        change(client, "wrong-one")

    response = change(client, PASSWORD)  # the right one, too late

    assert "登录失败次数过多" in response.content.decode()
    assert reloaded(personas["street_a"]).check_password(PASSWORD)
    assert [e.action for e in Event.objects.unrestricted().of(personas["street_a"])] == [
        AuditAction.SIGNIN_LOCKED
    ]
    client.logout()
    assert client.post(reverse("login"), {"username": "street_a", "password": PASSWORD}).status_code == 200


def test_a_new_password_ends_the_api_tokens(client, personas):
    token = client.post("/api/v1/auth/token/", {"username": "street_a", "password": PASSWORD}).json()["token"]
    client.force_login(personas["street_a"])

    change(client, PASSWORD)

    assert client.get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401


def test_the_anonymous_are_sent_to_sign_in(client, db):
    assert client.get(reverse("password-change")).url.startswith(reverse("login"))


# -- a forgotten password -----------------------------------------------------------------------------


def ask(client, username: str):
    return client.post(reverse("password-reset"), {"username": username})


def test_the_sign_in_page_links_to_the_reset_page(client, db):
    assert reverse("password-reset") in client.get(reverse("login")).content.decode()


def test_the_answer_is_the_same_whether_the_username_exists_or_not(client, personas):
    answers = {name: ask(client, name).content.decode() for name in ("community_a", "no_such_user")}

    assert answers["community_a"] == answers["no_such_user"]
    assert "申请已收到" in answers["community_a"]


@pytest.mark.parametrize(
    ("account", "keepers"),
    [
        ("community_a", {"street_a"}),  # the street that keeps the community's accounts
        ("org_a", {"street_a"}),
        ("street_a", {"bureau_district"}),  # no colleague at the street: the district's bureau
        ("bureau_district", {"bureau_city"}),
    ],
)
def test_without_mail_the_request_goes_to_the_accounts_keepers(client, personas, account, keepers):
    ask(client, account)

    notified = Notification.objects.unrestricted().filter(title__contains=account)
    assert {n.user.username for n in notified} == keepers
    assert {n.url for n in notified} == {reverse("account-detail", args=[personas[account].pk])}
    (event,) = Event.objects.unrestricted().of(personas[account])
    assert (event.action, event.details) == (AuditAction.PASSWORD_RESET_REQUESTED, {"channel": "staff"})


def test_an_account_is_served_once_an_hour_and_a_deactivated_one_not_at_all(client, personas):
    ask(client, "community_a")
    ask(client, "community_a")
    User.objects.unrestricted().filter(pk=personas["operator"].pk).update(is_active=False)
    ask(client, "operator")

    assert Notification.objects.unrestricted().filter(title__contains="community_a").count() == 1
    assert not Notification.objects.unrestricted().filter(title__contains="operator").exists()


def test_one_address_asks_a_few_times_an_hour(client, db):
    statuses = [ask(client, f"someone{n}").status_code for n in range(6)]

    assert statuses == [200] * 5 + [429]


def test_with_mail_an_emailed_link_sets_a_new_password_once(
    client, personas, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_HOST = "mail.qinghe.example"
    account = personas["org_a"]
    User.objects.unrestricted().filter(pk=account.pk).update(email="liu@example.com")
    with django_capture_on_commit_callbacks() as callbacks:
        ask(client, "org_a")
    assert len(callbacks) == 1 and not Notification.objects.unrestricted().exists()
    send_password_reset_link(account.pk)  # what the worker runs

    (message,) = mail.outbox
    assert message.to == ["liu@example.com"]
    link = re.search(r"https?://\S+/password-reset/\S+/", message.body).group(0)
    path = link[link.index("/password-reset/") :]
    assert client.get(path).status_code == 200
    done = client.post(path, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and reloaded(account).check_password(NEW)
    again = client.post(path, {"new_password1": "Another-2026!", "new_password2": "Another-2026!"})
    assert "链接无效或已过期" in again.content.decode()
    assert reloaded(account).check_password(NEW)


@pytest.mark.parametrize(
    "path", ["/password-reset/MQ/bad-token/", "/password-reset/%25%25/x/", "/password-reset/YWJj/x/"]
)
def test_a_forged_link_is_refused_without_a_500(client, personas, path):
    response = client.post(path, {"new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 200 and "链接无效或已过期" in response.content.decode()


@pytest.mark.parametrize("path", ["/password-reset/MQ/bad-token/", "/password-reset/%25%25/x/"])
def test_a_forged_link_says_so_before_a_new_password_is_typed(client, personas, path):
    response = client.get(path)

    assert response.status_code == 200
    page = response.content.decode()
    assert "链接无效或已过期" in page and 'name="new_password1"' not in page
