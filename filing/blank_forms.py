"""Blank forms (空白表格) an applicant fills in, signs and uploads as materials: printable pages for
the filing form, the leader's registration form, the venue certificate and a simple charter (简易章程)
to adapt, and a roster (成员名册) spreadsheet. The checklist of an application's materials links
each required kind to its blank form."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from .choices import MaterialKind
from .services.proposals import REQUIRED_MATERIALS


@dataclass(frozen=True)
class BlankForm:
    slug: str
    title: str
    printable: bool = True  # a page to print; False for the roster spreadsheet

    @property
    def template(self) -> str:
        return f"filing/blank_forms/{self.slug.replace('-', '_')}.html" if self.printable else ""

    @property
    def url(self) -> str:
        return reverse("blank-form", args=[self.slug])


BLANK_FORMS = {
    MaterialKind.FILING_FORM: BlankForm("filing-form", "社区社会组织备案申请表"),
    MaterialKind.LEADER_FORM: BlankForm("leader-form", "社区社会组织负责人登记表"),
    MaterialKind.VENUE_PROOF: BlankForm("venue-proof", "活动场所使用证明"),
    MaterialKind.CHARTER: BlankForm("charter", "社区社会组织简易章程（参考文本）"),
    MaterialKind.ROSTER: BlankForm("roster", "社区社会组织成员名册", printable=False),
    MaterialKind.DISSOLUTION: BlankForm("dissolution", "社区社会组织解散决议"),
}
BY_SLUG = {form.slug: form for form in BLANK_FORMS.values()}


@dataclass
class ChecklistItem:
    kind: str
    label: str
    required: bool
    blank: BlankForm | None
    files: list[Any] = field(default_factory=list)


def material_checklist(application: Any, materials: list[Any]) -> list[ChecklistItem]:
    """Every kind of material the application needs, then the optional ones, each with what is
    uploaded so far and its blank form."""
    required = REQUIRED_MATERIALS[application.kind]
    kinds = [*required, *(kind for kind in (MaterialKind.OTHER,) if kind not in required)]
    items = {
        kind: ChecklistItem(kind, MaterialKind(kind).label, kind in required, BLANK_FORMS.get(kind))
        for kind in kinds
    }
    for material in materials:
        items.setdefault(
            material.kind, ChecklistItem(material.kind, material.get_kind_display(), False, None)
        ).files.append(material)
    return list(items.values())


ROSTER_HEADER = ("序号", "姓名", "性别", "联系电话", "居住地址（小区、楼栋）", "加入日期", "本人签名", "备注")
ROSTER_ROWS = 30  # the filing condition is at least ten members; room for a larger group


def roster_workbook(organization_name: str = "") -> bytes:
    """The roster template: a title, the columns, numbered empty rows, ready to print on A4."""
    book = Workbook()
    sheet = book.active
    sheet.title = "成员名册"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(ROSTER_HEADER))
    sheet["A1"] = f"{organization_name or '＿＿＿＿＿＿＿＿＿＿'}成员名册"
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([])
    sheet.append(list(ROSTER_HEADER))
    for number in range(1, ROSTER_ROWS + 1):
        sheet.append([number, *([""] * (len(ROSTER_HEADER) - 1))])
    for row in sheet.iter_rows(min_row=3, max_row=3 + ROSTER_ROWS):
        for cell in row:
            cell.border = box
            cell.alignment = Alignment(horizontal="center", vertical="center")
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (6, 10, 6, 14, 28, 12, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.print_title_rows = "3:3"
    sheet.freeze_panes = "A4"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
