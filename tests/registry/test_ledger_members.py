"""Adding member organizations to a street's federation from a ledger."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from core.models import Event
from registry.choices import LedgerKind, LedgerStatus
from registry.ledger.members import MEMBER_COLUMNS
from registry.models import Federation, LedgerImport
from registry.services import federation_create
from registry.services.ledger import ledger_apply_request
from tests.registry.ledger_support import check_kind, issue_codes, xlsx_bytes

pytestmark = pytest.mark.django_db
HEADERS = [column.header for column in MEMBER_COLUMNS]


def member(name: str, street: str = "", code: str = "") -> dict:
    return {"会员组织": name, "街道/乡镇": street, "统一社会信用代码": code}


def federation(world, personas, *members) -> Federation:
    return federation_create(
        actor=personas["street_a"],
        organization=world.orgs["a_registered"],
        founded_on=datetime.date(2023, 1, 1),
        members=list(members),
    )


def check(actor, rows, capture) -> LedgerImport:
    return check_kind(actor, xlsx_bytes(rows, HEADERS), LedgerKind.FEDERATION_MEMBERS, capture)


issues = issue_codes


def test_dry_run_reports_bad_rows_and_changes_nothing(
    world, tree, personas, django_capture_on_commit_callbacks
):
    fed = federation(world, personas, world.orgs["a_filed"])
    rows = [
        member("桃源村红白理事会"),
        member("幸福里社区邻里互助站"),  # a member already
        member("湖畔社区平安巡逻队"),  # another street's: not in this jurisdiction
        member("幸福里社区文体协会"),  # the federation itself
        member("桃源村红白理事会"),
        member("桃源村红白理事会", street="望湖街道"),
        member("", street="江滨街道"),
    ]
    ledger = check(personas["street_a"], rows, django_capture_on_commit_callbacks)

    assert ledger.status == LedgerStatus.READY, ledger.error
    assert ledger.counts["create"] == 1 and ledger.counts["unchanged"] == 1 and ledger.counts["error"] == 5
    assert issues(ledger) == [
        (4, "会员组织", "unknown_organization"),
        (5, "会员组织", "hub_as_member"),
        (6, "会员组织", "duplicate_in_file"),
        (7, "街道/乡镇", "outside_jurisdiction"),
        (8, "会员组织", "required"),
    ]
    assert set(fed.members.unrestricted().values_list("name", flat=True)) == {"幸福里社区邻里互助站"}


def test_apply_adds_members_through_the_federation_and_keeps_the_others(
    world, tree, personas, django_capture_on_commit_callbacks
):
    street = personas["street_a"]
    fed = federation(world, personas, world.orgs["a_filed"])
    ledger = check(
        street,
        [member("桃源村红白理事会"), member("幸福里社区邻里互助站")],
        django_capture_on_commit_callbacks,
    )

    with django_capture_on_commit_callbacks(execute=True):
        ledger_apply_request(actor=street, ledger_id=ledger.pk)

    assert LedgerImport.objects.unrestricted().get(pk=ledger.pk).status == LedgerStatus.APPLIED
    assert set(fed.members.unrestricted().values_list("name", flat=True)) == {
        "幸福里社区邻里互助站",
        "桃源村红白理事会",
    }
    event = Event.objects.unrestricted().get(action="federation.updated", subject_id=str(fed.pk))
    assert event.details["joined"] == 1 and event.details["left"] == 0


def test_a_bureau_names_the_street_and_a_street_without_federation_is_an_error(
    world, tree, personas, django_capture_on_commit_callbacks
):
    federation(world, personas)
    rows = [
        member("桃源村红白理事会", street="江滨街道"),
        member("湖畔社区平安巡逻队", street=tree.street_b.code),
        member("x"),
    ]
    ledger = check(personas["bureau_district"], rows, django_capture_on_commit_callbacks)

    assert ledger.counts["create"] == 1
    assert issues(ledger) == [(3, "街道/乡镇", "no_federation"), (4, "街道/乡镇", "required")]


def test_another_streets_member_ledger_does_not_exist(
    client, world, tree, personas, django_capture_on_commit_callbacks
):
    federation(world, personas)
    ledger = check(personas["street_a"], [member("桃源村红白理事会")], django_capture_on_commit_callbacks)
    client.force_login(personas["street_b"])

    assert client.get(reverse("ledger-detail", args=[ledger.pk])).status_code == 404
    assert client.post(reverse("ledger-apply", args=[ledger.pk])).status_code == 404
    client.force_login(personas["street_a"])
    assert "kind=federation_members" in client.get(reverse("federation-list")).content.decode()
    assert client.get(reverse("ledger-template") + "?kind=federation_members").status_code == 200
