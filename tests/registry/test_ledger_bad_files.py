"""The bad-file corpus: whatever is uploaded as a ledger, the answer is a clear message, never a 500."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from registry.choices import LedgerStatus
from registry.ledger.columns import HEADERS
from registry.models import LedgerImport, Organization
from registry.services import ledger as ledger_services
from tests.conftest import valid_resident_id
from tests.registry.ledger_support import ledger_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def checked(client, content: bytes, capture, name: str = "台账.xlsx") -> LedgerImport | None:
    """Upload through the page as a street would; the ledger, or None when the upload was refused."""
    with capture(execute=True):
        response = client.post("/ledgers/", {"file": upload(content, name)})
    assert response.status_code == 302
    ledger = LedgerImport.objects.unrestricted().order_by("-id").first()
    if ledger is not None:
        assert client.get(f"/ledgers/{ledger.pk}/").status_code == 200
    return ledger


@pytest.fixture
def street_client(client, world, personas):
    client.force_login(personas["street_a"])
    return client


def refused_upload(client, content: bytes, name: str = "台账.xlsx") -> str:
    response = client.post("/ledgers/", {"file": upload(content, name)}, follow=True)
    assert response.status_code == 200 and not LedgerImport.objects.unrestricted().exists()
    return " ".join(str(message) for message in response.context["messages"])


def test_an_empty_file_is_refused_at_upload(street_client):
    assert "文件为空" in refused_upload(street_client, b"")


@pytest.mark.parametrize(
    "content",
    [
        b"\xef\xbb\xbf\xe7\xbb\x84\xe7\xbb\x87\xe5\x90\x8d\xe7\xa7\xb0,a\n",
        b"%PDF-1.4 not a sheet",
        b"PK\x03\x04junk",
    ],
)
def test_a_file_that_is_not_xlsx_is_refused_whatever_its_name(street_client, content):
    assert "只接受 Excel（xlsx） 文件" in refused_upload(street_client, content)


def test_wrong_headers_name_the_missing_columns(street_client, django_capture_on_commit_callbacks):
    ledger = checked(
        street_client,
        xlsx_bytes([{"名称": "读书会"}], headers=["名称", "类型"]),
        django_capture_on_commit_callbacks,
    )
    assert ledger.status == LedgerStatus.FAILED and ledger.error_code == "missing_columns"
    assert "组织名称" in ledger.error and "导入模板" in ledger.error


def test_a_workbook_with_no_rows_says_so(street_client, django_capture_on_commit_callbacks):
    ledger = checked(street_client, xlsx_bytes([], headers=[]), django_capture_on_commit_callbacks)
    assert ledger.status == LedgerStatus.FAILED and ledger.error_code == "no_header"
    ledger = checked(street_client, xlsx_bytes([]), django_capture_on_commit_callbacks)
    assert ledger.error_code == "no_data" and "只有表头" in ledger.error


def test_formulas_are_errors_on_their_cells(street_client, tree, django_capture_on_commit_callbacks):
    row = ledger_row(tree.community_a, "幸福里社区读书会", **{"成员人数": "=5+7"})
    ledger = checked(street_client, xlsx_bytes([row]), django_capture_on_commit_callbacks)
    issue = ledger.issues.unrestricted().get()
    assert (issue.line, issue.column, issue.code) == (
        2,
        "成员人数",
        "formula",
    ) and "粘贴为数值" in issue.message


def test_merged_cells_refuse_the_file(street_client, tree, django_capture_on_commit_callbacks):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS))
    for name in ("幸福里社区读书会", "幸福里社区书法社"):
        sheet.append([ledger_row(tree.community_a, name).get(h) for h in HEADERS])
    sheet.merge_cells("G2:G3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    ledger = checked(street_client, buffer.getvalue(), django_capture_on_commit_callbacks)
    assert ledger.error_code == "merged_cells" and "G2:G3" in ledger.error


def test_a_hundred_thousand_empty_rows_are_skipped(street_client, tree, django_capture_on_commit_callbacks):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(HEADERS))
    sheet.append([ledger_row(tree.community_a, "幸福里社区读书会").get(h) for h in HEADERS])
    for _ in range(100_000):
        blank = WriteOnlyCell(sheet, value=None)
        blank.number_format = "@"
        sheet.append([blank])
    buffer = io.BytesIO()
    workbook.save(buffer)
    ledger = checked(street_client, buffer.getvalue(), django_capture_on_commit_callbacks)
    assert ledger.status == LedgerStatus.READY and ledger.counts["rows"] == 1 and ledger.counts["create"] == 1


def test_full_width_characters_and_apostrophes_read_as_typed_meant(
    street_client, tree, personas, django_capture_on_commit_callbacks
):
    id_number = valid_resident_id()
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in id_number)
    rows = [
        ledger_row(
            tree.community_a, "幸福里社区读书会", **{"负责人身份证号": "'" + id_number, "成员人数": "１２"}
        ),
        ledger_row(
            tree.community_a,
            "幸福里社区书法社",
            **{"负责人身份证号": full_width, "区划代码": "９９０１０１００１００１"},
        ),
    ]
    ledger = checked(street_client, xlsx_bytes(rows), django_capture_on_commit_callbacks)
    assert ledger.counts["errors"] == 0 and ledger.counts["create"] == 2, list(
        ledger.issues.unrestricted().values()
    )
    with django_capture_on_commit_callbacks(execute=True):
        street_client.post(f"/ledgers/{ledger.pk}/apply/")
    stored = Organization.objects.unrestricted().get(name="幸福里社区读书会")
    assert stored.leader_id_number == id_number and stored.member_count == 12
    assert Organization.objects.unrestricted().get(name="幸福里社区书法社").leader_id_number == id_number


def test_a_zip_bomb_is_refused_before_it_is_inflated(
    street_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(
        ledger_services, "LIMITS", ledger_services.SheetLimits(max_expanded_bytes=8 * 1024 * 1024)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (10 * 1024 * 1024) + b">")
    assert len(buffer.getvalue()) < 100_000
    ledger = checked(street_client, buffer.getvalue(), django_capture_on_commit_callbacks)
    assert (
        ledger.status == LedgerStatus.FAILED
        and ledger.error_code == "file_expands"
        and "解压" in ledger.error
    )


def test_a_corrupt_workbook_is_a_message(street_client, django_capture_on_commit_callbacks):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "<workbook")
    ledger = checked(street_client, buffer.getvalue(), django_capture_on_commit_callbacks)
    assert ledger.status == LedgerStatus.FAILED and "无法读取Excel文件" in ledger.error


def test_the_api_refuses_a_non_xlsx_with_a_code(street_client):
    response = street_client.post("/api/v1/ledgers/", {"file": upload(b"%PDF-1.4")})
    assert response.status_code == 400 and "file_type" in response.content.decode()
