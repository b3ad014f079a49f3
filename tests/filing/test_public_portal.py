"""The public portal at /: what a visitor can do without an account, and the way in for staff."""

import pytest
from django.urls import reverse

from filing import services


def test_a_visitor_at_the_root_gets_the_portal_not_the_sign_in_page(client, world, django_assert_num_queries):
    with django_assert_num_queries(1):  # the newest announcements
        response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    ways = ("public-directory", "public-status", "public-verify", "public-complaint", "public-announcements")
    for way in ways:
        assert f'href="{reverse(way)}"' in page, way
    assert f'href="{reverse("login")}"' in page
    assert 'action="/public/directory/"' in page  # the city-wide search box


def test_the_portal_shows_the_newest_announcements(client, personas, tree, world):
    for title in ("江滨街道关于开展年度排查的通知", "第二则公告"):
        services.announcement_publish(
            actor=personas["street_a"], region=tree.street_a, title=title, body="正文"
        )
    page = client.get("/").content.decode()
    assert "第二则公告" in page and "江滨街道关于开展年度排查的通知" in page
    assert "最新公告" in page


def test_a_signed_in_user_at_the_root_gets_the_workbench(client, personas, world):
    client.force_login(personas["street_a"])
    response = client.get("/")
    assert response.status_code == 200
    assert "counts" in response.context
    assert "最新公告" not in response.content.decode()


@pytest.mark.parametrize(
    "typed",
    ["AbCdEfGh12345678", "https://example.org/public/verify/AbCdEfGh12345678/", " AbCdEfGh12345678 "],
)
def test_a_certificate_is_verified_by_its_code_or_printed_address(client, typed):
    response = client.get(reverse("public-verify"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificate-verify", args=["AbCdEfGh12345678"])


@pytest.mark.parametrize("typed", ["ab", "<script>", "a" * 40, "%00"])
def test_a_malformed_verification_code_is_answered_on_the_form(client, typed):
    response = client.get(reverse("public-verify"), {"code": typed})
    assert response.status_code == 200
    assert "核验码格式不正确" in response.content.decode()


def test_the_verification_form_explains_where_the_code_is(client):
    page = client.get(reverse("public-verify")).content.decode()
    assert "二维码下方印制的核验网址" in page
