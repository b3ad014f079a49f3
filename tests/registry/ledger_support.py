"""Building ledger files for the import tests: rows as the template's headers read them."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from registry.ledger.columns import HEADERS
from registry.models import LedgerImport, Region
from registry.services.ledger import ledger_upload
from tests.conftest import valid_resident_id


def ledger_row(community: Region, name: str, **cells: object) -> dict[str, object]:
    row: dict[str, object] = {
        "组织名称": name,
        "管理方式": "街道备案",
        "组织类别": "居民互助类",
        "服务领域": "养老、志愿服务",
        "服务对象": "空巢老人",
        "街道/乡镇": community.parent.name,
        "社区/村": community.name,
        "区划代码": community.code,
        "成立日期": "2023-03-01",
        "成员人数": 12,
        "负责人": "王芳",
        "负责人身份证号": valid_resident_id(),
        "负责人手机号": "13912345678",
        "负责人为中共党员": "否",
        "统一社会信用代码": "",
        "党建情况": "无",
        "经费来源": "会费",
        "活动场所": "社区活动中心二楼",
    }
    row.update(cells)
    return row


def xlsx_bytes(rows: Iterable[dict[str, object]], headers: Iterable[str] = HEADERS) -> bytes:
    headers = list(headers)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "台账.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def check_kind(actor: Any, content: bytes, kind: str, capture: Any) -> LedgerImport:
    """Upload a ledger of ``kind`` and run its check here; the ledger as the uploader sees it."""
    with capture(execute=True):
        ledger = ledger_upload(actor=actor, upload=upload(content), kind=kind)
    return LedgerImport.objects.for_user(actor).get(pk=ledger.pk)


def issue_codes(ledger: LedgerImport) -> list[tuple[int, str, str]]:
    return [(i.line, i.column, i.code) for i in ledger.issues.unrestricted().order_by("line", "id")]
