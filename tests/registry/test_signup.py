"""Self-service sign-up of applicants for a new filing."""

from django.urls import reverse

from registry.choices import Role
from registry.models import User

GOOD = {
    "username": "zhanghong",
    "full_name": "张红",
    "phone": "13700001111",
    "password1": "Qinghe-2026!",
    "password2": "Qinghe-2026!",
}


def test_it_opens_an_applicant_account_and_goes_to_a_new_filing(client, db):
    response = client.post(reverse("signup"), GOOD)
    assert response["Location"] == reverse("application-create") + "?kind=new"
    user = User.objects.unrestricted().get(username="zhanghong")
    assert (user.role, user.region, user.organization, user.full_name) == (Role.APPLICANT, None, None, "张红")
    assert client.get(reverse("application-create") + "?kind=new").status_code == 200


def test_it_explains_bad_input_on_each_field(client, db):
    User.objects.create_user("taken", password="x")
    response = client.post(
        reverse("signup"), {**GOOD, "username": "TAKEN", "phone": "123", "password2": "other"}
    )
    errors = response.context["form"].errors
    assert errors["phone"] == ["手机号码应为以1开头的11位数字"]
    assert errors["password2"] == ["两次输入的密码不一致"]
    response = client.post(reverse("signup"), {**GOOD, "username": "TAKEN"})
    assert response.context["form"].errors["username"] == ["该用户名已被使用"]
    response = client.post(reverse("signup"), {**GOOD, "password1": "123", "password2": "123"})
    assert any("密码" in message for message in response.context["form"].errors["password1"])
    assert not User.objects.unrestricted().filter(username="zhanghong").exists()


def test_it_limits_sign_ups_per_address(client, db, settings):
    from django.core.cache import cache

    cache.clear()
    for index in range(10):
        client.post(reverse("signup"), {**GOOD, "username": f"u{index}", "phone": "12"})
    assert client.post(reverse("signup"), GOOD).status_code == 429
    assert not User.objects.unrestricted().filter(username="zhanghong").exists()
