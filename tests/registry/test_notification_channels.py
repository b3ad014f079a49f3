"""The channels that repeat an in-app message: e-mail by Django's mail backend, texts through an HTTP
gateway; off unless settings list them, never breaking the step that triggered them, and never
carrying a phone number in a task's arguments or a log line."""

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail

import core.notices
import registry.tasks
from config.celery_app import app as celery_app
from filing.models import Complaint
from registry.channels import LocmemSmsGateway
from registry.models import Notification
from tests.filing.conftest import advance, complete_draft, file

PHONE = "13955556666"


@pytest.fixture(autouse=True)
def eager():
    """The channels' task runs in-process, whatever broker the suite runs with."""
    was = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    LocmemSmsGateway.outbox.clear()
    yield
    celery_app.conf.task_always_eager = was


@pytest.fixture
def clerk(personas):
    """Street A's clerk, with an e-mail address and a mobile number."""
    clerk = personas["street_a"]
    clerk.email, clerk.mobile = "clerk@jiangbin.example", PHONE
    clerk.save(update_fields=["email", "mobile"])
    return clerk


def complain(world, capture) -> Complaint:
    with capture(execute=True):
        return file(world.orgs["a_filed"])


class Gateway(BaseHTTPRequestHandler):
    """A stand-in SMS gateway: keeps what it is sent, answers with the status it is told to."""

    received: list[dict] = []
    status = 200

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Gateway.received.append({"auth": self.headers["Authorization"], **json.loads(body)})
        self.send_response(Gateway.status)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def gateway(settings):
    Gateway.received, Gateway.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFICATION_CHANNELS = ["sms"]
    settings.NOTIFICATION_SMS_BACKEND = "registry.channels.HttpSmsGateway"
    settings.NOTIFICATION_SMS_URL = f"http://127.0.0.1:{server.server_address[1]}/send"
    settings.NOTIFICATION_SMS_TOKEN = "secret-token"
    yield Gateway
    server.shutdown()
    server.server_close()


def test_only_the_in_app_message_goes_out_by_default(clerk, world, django_capture_on_commit_callbacks):
    complain(world, django_capture_on_commit_callbacks)
    assert Notification.objects.for_user(clerk).count() == 1
    assert mail.outbox == [] and LocmemSmsGateway.outbox == []


def test_email_repeats_the_message_with_a_link(settings, clerk, world, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_CHANNELS = ["email"]
    settings.NOTIFICATION_EMAIL_FROM = "noreply@platform.example"
    settings.PUBLIC_BASE_URL = "https://ccso.example"
    complaint = complain(world, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == ["clerk@jiangbin.example"] and message.from_email == "noreply@platform.example"
    assert message.subject == "【投诉举报】关于「幸福里社区邻里互助站」的投诉"
    assert f"https://ccso.example/filing/complaints/{complaint.pk}/" in message.body


def test_a_text_goes_through_the_http_gateway(gateway, clerk, world, django_capture_on_commit_callbacks):
    complain(world, django_capture_on_commit_callbacks)
    (sent,) = gateway.received
    assert sent["phone"] == PHONE and sent["auth"] == "Bearer secret-token"
    assert sent["text"].startswith("【投诉举报】关于「幸福里社区邻里互助站」的投诉")


def test_accounts_without_an_address_are_skipped(
    settings, personas, world, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = ["email", "sms"]
    settings.NOTIFICATION_SMS_BACKEND = "registry.channels.LocmemSmsGateway"
    complain(world, django_capture_on_commit_callbacks)
    assert Notification.objects.for_user(personas["street_a"]).count() == 1
    assert mail.outbox == [] and LocmemSmsGateway.outbox == []


def test_the_task_carries_no_phone_number(
    settings, monkeypatch, clerk, world, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = ["sms"]
    settings.NOTIFICATION_SMS_BACKEND = "registry.channels.LocmemSmsGateway"
    queued = []
    original = registry.tasks.deliver_notifications.delay
    monkeypatch.setattr(
        registry.tasks.deliver_notifications,
        "delay",
        lambda *args: queued.append(args) or original(*args),
    )
    complain(world, django_capture_on_commit_callbacks)
    (args,) = queued
    assert args[0] == "sms" and args[1].startswith("event:")
    assert PHONE not in repr(args)
    assert [text.phone for text in LocmemSmsGateway.outbox] == [PHONE]


def test_a_failing_gateway_breaks_nothing_and_logs_no_number(
    gateway, clerk, world, caplog, django_capture_on_commit_callbacks
):
    gateway.status = 500
    with caplog.at_level(logging.INFO):
        complaint = complain(world, django_capture_on_commit_callbacks)
    assert Complaint.objects.unrestricted().filter(pk=complaint.pk).exists()
    assert Notification.objects.for_user(clerk).count() == 1  # the in-app message stands
    assert "not delivered by sms" in caplog.text
    assert PHONE not in caplog.text


def test_an_unreachable_gateway_breaks_nothing(
    settings, clerk, world, caplog, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = ["sms"]
    settings.NOTIFICATION_SMS_BACKEND = "registry.channels.HttpSmsGateway"
    settings.NOTIFICATION_SMS_URL = "http://127.0.0.1:9/send"  # discard port: nothing listens
    complain(world, django_capture_on_commit_callbacks)
    assert Notification.objects.for_user(clerk).count() == 1
    assert PHONE not in caplog.text


@pytest.fixture
def submitted(personas, tree):
    return advance(personas, complete_draft(personas["street_a"], tree.community_a), "submitted")


class Broken:
    def send(self, message) -> None:
        raise RuntimeError("gateway exploded")


def test_a_failing_channel_does_not_undo_the_step(
    settings, personas, submitted, django_capture_on_commit_callbacks
):
    """The community's opinion is saved and its event kept though every channel raises."""
    from filing import services
    from filing.choices import ApplicationState, Opinion

    settings.NOTIFICATION_CHANNELS = ["sms"]
    settings.NOTIFICATION_SMS_BACKEND = "tests.registry.test_notification_channels.Broken"
    street = personas["street_a"]
    street.mobile = PHONE
    street.save(update_fields=["mobile"])
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_give_opinion(
            actor=personas["community_a"], application_id=submitted.pk, opinion=Opinion.AGREE, note="同意"
        )
    application.refresh_from_db()
    assert application.state == ApplicationState.OPINION_GIVEN
    assert Notification.objects.for_user(street).count() == 1


def test_a_failing_rule_does_not_undo_the_step(
    monkeypatch, personas, world, caplog, django_capture_on_commit_callbacks
):
    def broken(event):
        raise RuntimeError("rule exploded")

    monkeypatch.setitem(core.notices._rules, "complaint.filed", [broken])
    complaint = complain(world, django_capture_on_commit_callbacks)
    assert Complaint.objects.unrestricted().filter(pk=complaint.pk).exists()
    assert not Notification.objects.unrestricted().exists()
    assert "notices of event" in caplog.text


def test_an_unknown_channel_is_reported_and_the_message_still_kept(
    settings, clerk, world, caplog, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = ["fax"]
    complain(world, django_capture_on_commit_callbacks)
    assert Notification.objects.for_user(clerk).count() == 1
    assert "unknown channel" in caplog.text
