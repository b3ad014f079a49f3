"""Importing the social-work talent register: matched on the certificate number, written by its services."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from core.models import Event
from registry.choices import LedgerKind, LedgerStatus, QualificationLevel
from registry.ledger.talent import TALENT_COLUMNS
from registry.models import LedgerImport, SocialWorker
from registry.services.ledger import ledger_apply_request
from tests.exports_support import run_export
from tests.registry.ledger_support import check_kind, issue_codes, xlsx_bytes

pytestmark = pytest.mark.django_db
HEADERS = [column.header for column in TALENT_COLUMNS]


def talent_row(number: str, name: str = "陈晓云", community: str = "990101001001", **cells) -> dict:
    row = {
        "姓名": name,
        "职业资格": "社会工作师",
        "证书编号": number,
        "取得资格日期": "2022-06-01",
        "区划代码": community,
    }
    row.update(cells)
    return row


def worker(community, number: str, **fields) -> SocialWorker:
    return SocialWorker.objects.create(
        name=fields.pop("name", "林静"),
        community=community,
        qualification=QualificationLevel.ASSISTANT,
        certificate_number=number,
        **fields,
    )


def check(actor, content: bytes, capture) -> LedgerImport:
    return check_kind(actor, content, LedgerKind.SOCIAL_WORKERS, capture)


issues = issue_codes


def test_dry_run_reports_bad_rows_by_row_column_and_code(
    world, tree, personas, django_capture_on_commit_callbacks
):
    worker(tree.community_b, "B-0001")  # another street's
    rows = [
        talent_row("A-0001"),
        talent_row("A-0001", name="重复"),
        talent_row("B-0001"),
        talent_row("A-0002", 职业资格="社工"),
        talent_row("A-0003", community=tree.community_b.code),
        talent_row("A-0004", 取得资格日期="去年"),
        talent_row("", 姓名=""),
    ]
    ledger = check(personas["street_a"], xlsx_bytes(rows, HEADERS), django_capture_on_commit_callbacks)

    assert ledger.status == LedgerStatus.READY, ledger.error
    assert ledger.counts["create"] == 1 and ledger.counts["error"] == 6
    assert issues(ledger) == [
        (3, "证书编号", "duplicate_in_file"),
        (4, "证书编号", "outside_jurisdiction"),
        (5, "职业资格", "unknown_choice"),
        (6, "区划代码", "outside_jurisdiction"),
        (7, "取得资格日期", "not_a_date"),
        (8, "姓名", "required"),
        (8, "证书编号", "required"),
    ]
    assert not SocialWorker.objects.unrestricted().filter(certificate_number="A-0001").exists()


def test_apply_adds_and_updates_through_the_register(
    world, tree, personas, django_capture_on_commit_callbacks
):
    street = personas["street_a"]
    kept = worker(tree.community_a, "A-0009")
    rows = [talent_row("A-0001"), talent_row("A-0009", name="林静", 在岗="否")]
    ledger = check(street, xlsx_bytes(rows, HEADERS), django_capture_on_commit_callbacks)
    assert ledger.counts["create"] == 1 and ledger.counts["update"] == 1
    assert set(ledger.rows.unrestricted().get(line=3).changes) == {"职业资格", "取得资格日期", "在岗"}

    with django_capture_on_commit_callbacks(execute=True):
        ledger_apply_request(actor=street, ledger_id=ledger.pk)
    ledger = LedgerImport.objects.unrestricted().get(pk=ledger.pk)

    assert ledger.status == LedgerStatus.APPLIED, ledger.error
    added = SocialWorker.objects.unrestricted().get(certificate_number="A-0001")
    assert added.community_id == tree.community_a.code and added.certified_on == datetime.date(2022, 6, 1)
    kept.refresh_from_db()
    assert not kept.is_active and kept.qualification == QualificationLevel.INTERMEDIATE
    events = Event.objects.unrestricted().filter(action__startswith="social_worker.")
    assert set(events.values_list("subject_id", "action")) == {
        (str(added.pk), "social_worker.created"),
        (str(kept.pk), "social_worker.updated"),
    }


def test_an_export_imports_back_with_no_changes(world, tree, personas, django_capture_on_commit_callbacks):
    street = personas["street_a"]
    worker(tree.community_a, "A-0001", certified_on=datetime.date(2020, 1, 2))
    worker(tree.village_a, "A-0002", is_active=False)
    job = run_export(street, "registry.social_workers")
    with job.file.open("rb") as handle:
        exported = handle.read()

    ledger = check(street, exported, django_capture_on_commit_callbacks)

    assert ledger.status == LedgerStatus.READY, ledger.error
    assert ledger.counts["unchanged"] == 2 and ledger.counts["errors"] == 0 and not ledger.can_apply


def test_another_streets_talent_ledger_does_not_exist(
    client, world, tree, personas, django_capture_on_commit_callbacks
):
    ledger = check(
        personas["street_a"], xlsx_bytes([talent_row("A-0001")], HEADERS), django_capture_on_commit_callbacks
    )
    client.force_login(personas["street_b"])

    assert client.get(reverse("ledger-detail", args=[ledger.pk])).status_code == 404
    assert client.post(reverse("ledger-apply", args=[ledger.pk])).status_code == 404
    assert not SocialWorker.objects.unrestricted().exists()


def test_the_template_and_the_list_offer_the_import(client, world, personas):
    client.force_login(personas["street_a"])

    assert "kind=social_workers" in client.get(reverse("social-worker-list")).content.decode()
    assert client.get(reverse("ledger-template") + "?kind=social_workers").status_code == 200
    client.force_login(personas["community_a"])
    assert client.get(reverse("ledger-template") + "?kind=social_workers").status_code == 403
