"""Importing an organization ledger: the dry run says what each row would do, confirming writes it."""

from __future__ import annotations

import pytest

from core.models import Event
from registry.choices import LedgerStatus, RowAction
from registry.models import LedgerImport, Organization
from registry.services.ledger import ledger_apply_request, ledger_upload
from tests.registry.ledger_support import ledger_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def check(actor, content: bytes, capture) -> LedgerImport:
    with capture(execute=True):
        ledger = ledger_upload(actor=actor, upload=upload(content))
    return LedgerImport.objects.for_user(actor).get(pk=ledger.pk)


def apply(actor, ledger: LedgerImport, capture) -> LedgerImport:
    with capture(execute=True):
        ledger_apply_request(actor=actor, ledger_id=ledger.pk)
    return LedgerImport.objects.for_user(actor).get(pk=ledger.pk)


def issues(ledger: LedgerImport) -> list[tuple[int, str, str]]:
    return [(i.line, i.column, i.code) for i in ledger.issues.for_user(ledger.uploaded_by).order_by("line", "id")]


def test_it_checks_then_creates_and_updates(world, tree, personas, django_capture_on_commit_callbacks):
    street = personas["street_a"]
    rows = [
        ledger_row(tree.community_a, "幸福里社区读书会"),
        ledger_row(tree.community_a, "幸福里社区邻里互助站", **{"成员人数": 40}),
    ]
    ledger = check(street, xlsx_bytes(rows), django_capture_on_commit_callbacks)

    assert ledger.status == LedgerStatus.READY, ledger.error
    assert ledger.counts["create"] == 1 and ledger.counts["update"] == 1
    assert not Organization.objects.unrestricted().filter(name="幸福里社区读书会").exists()
    changed = ledger.rows.for_user(street).get(line=3)
    assert changed.organization_id == world.orgs["a_filed"].pk and "成员人数" in changed.changes

    ledger = apply(street, ledger, django_capture_on_commit_callbacks)

    assert ledger.status == LedgerStatus.APPLIED, ledger.error
    created = Organization.objects.unrestricted().get(name="幸福里社区读书会")
    assert sorted(created.domains.values_list("name", flat=True)) == ["养老", "志愿服务"]
    assert Organization.objects.unrestricted().get(pk=world.orgs["a_filed"].pk).member_count == 40
    history = created.history.unrestricted().get()
    assert "台账导入" in history.history_change_reason and history.history_user == street
    assert Event.objects.unrestricted().filter(subject_id=str(created.pk), action="organization.created").count() == 1
    assert not ledger.file
