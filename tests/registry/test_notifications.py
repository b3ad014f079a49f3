"""In-app notifications: sent once per deduplication key, read only by their own recipient, marked
read one by one or all at once, counted in the navigation."""

import pytest
from django.urls import reverse

from core.scoping import UnscopedQueryError
from registry.models import Notification
from registry.services import notification_send


@pytest.fixture
def inbox(personas):
    street_a, street_b = personas["street_a"], personas["street_b"]
    return {
        "mine": notification_send(user=street_a, title="第一条提醒", body="内容一", url="/filing/workbench/"),
        "mine_too": notification_send(user=street_a, title="第二条提醒", body="内容二"),
        "theirs": notification_send(user=street_b, title="望湖街道的提醒", body="内容三"),
    }


def test_it_sends_a_deduplicated_notification_once(personas):
    first = notification_send(user=personas["street_a"], title="提醒", body="", dedupe_key="k:1")
    assert first is not None
    assert notification_send(user=personas["street_a"], title="提醒", body="", dedupe_key="k:1") is None
    assert notification_send(user=personas["street_b"], title="提醒", body="", dedupe_key="k:1") is not None


def test_it_refuses_to_read_notifications_without_a_scope(inbox):
    with pytest.raises(UnscopedQueryError):
        list(Notification.objects.all())


def test_it_lists_only_the_users_own_notifications(client, personas, inbox):
    client.force_login(personas["street_a"])
    page = client.get(reverse("notification-list"))
    html = page.content.decode()
    assert "第一条提醒" in html and "第二条提醒" in html
    assert "望湖街道的提醒" not in html


def test_a_superuser_reads_only_their_own_notifications_too(client, admin_user, inbox):
    client.force_login(admin_user)
    assert list(client.get(reverse("notification-list")).context["notifications"]) == []


def test_it_marks_a_notification_read_and_opens_its_page(client, personas, inbox):
    client.force_login(personas["street_a"])
    response = client.post(reverse("notification-read", args=[inbox["mine"].pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == "/filing/workbench/"
    inbox["mine"].refresh_from_db()
    assert inbox["mine"].read_at is not None
    response = client.post(reverse("notification-read", args=[inbox["mine_too"].pk]))
    assert response.url == reverse("notification-list")


def test_it_answers_404_for_another_users_notification(client, personas, inbox):
    client.force_login(personas["street_a"])
    assert client.post(reverse("notification-read", args=[inbox["theirs"].pk])).status_code == 404
    inbox["theirs"].refresh_from_db()
    assert inbox["theirs"].read_at is None


def test_it_marks_reads_by_post_only(client, personas, inbox):
    client.force_login(personas["street_a"])
    assert client.get(reverse("notification-read", args=[inbox["mine"].pk])).status_code == 405


def test_it_marks_all_own_notifications_read(client, personas, inbox):
    client.force_login(personas["street_a"])
    client.post(reverse("notification-read-all"))
    assert not Notification.objects.for_user(personas["street_a"]).unread().exists()
    assert Notification.objects.for_user(personas["street_b"]).unread().count() == 1


def test_it_shows_the_unread_count_in_the_navigation(client, personas, inbox):
    client.force_login(personas["street_a"])
    page = client.get(reverse("home"))
    assert page.context["unread_notification_count"] == 2
    assert 'title="未读消息">2</span>' in page.content.decode()
    client.post(reverse("notification-read", args=[inbox["mine"].pk]))
    assert 'title="未读消息">1</span>' in client.get(reverse("home")).content.decode()


def test_it_shows_no_badge_without_unread_notifications(client, personas):
    client.force_login(personas["street_b"])
    assert "未读消息" not in client.get(reverse("home")).content.decode()
