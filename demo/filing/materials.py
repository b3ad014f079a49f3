"""The materials of the demo's applications: small one-page PDFs named like the real ones."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import SimpleUploadedFile

from filing.choices import ApplicationKind, MaterialKind
from registry.models import Region

MATERIAL_NAMES = {
    MaterialKind.FILING_FORM: "备案申请表.pdf",
    MaterialKind.LEADER_FORM: "负责人登记表.pdf",
    MaterialKind.VENUE_PROOF: "场地使用证明.pdf",
    MaterialKind.CHARTER: "章程.pdf",
    MaterialKind.ROSTER: "成员名册.pdf",
    MaterialKind.DISSOLUTION: "解散决议.pdf",
    MaterialKind.OTHER: "一址多社场地共用说明.pdf",
}
FILING_FORM_NAMES = {
    ApplicationKind.NEW: "备案申请表.pdf",
    ApplicationKind.CHANGE: "变更备案申请表.pdf",
    ApplicationKind.DEREGISTRATION: "注销备案申请表.pdf",
}


def _pdf_text(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def demo_pdf(title: str, lines: Sequence[str] = ()) -> bytes:
    """A small, valid one-page A4 PDF with a title and a few lines.

    The text is set in STSong-Light, one of the standard Chinese fonts that PDF readers supply
    themselves, so nothing is embedded and each file stays under 2 KB.
    """
    text = ["BT", "/F1 20 Tf", "72 760 Td", f"{_pdf_text(title)} Tj", "/F1 12 Tf", "0 -40 Td"]
    for line in lines:
        text += [f"{_pdf_text(line)} Tj", "0 -24 Td"]
    text.append("ET")
    content = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 752 /Descent -271 /CapHeight 737 /StemV 58 >>",
        b"<< /Title <FEFF%s> >>" % title.encode("utf-16-be").hex().upper().encode("ascii"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def material(kind: str, application_kind: str, subject: str, community: Region) -> SimpleUploadedFile:
    name = FILING_FORM_NAMES[application_kind] if kind == MaterialKind.FILING_FORM else MATERIAL_NAMES[kind]
    title = name.removesuffix(".pdf")
    street = community.parent.name if community.parent else ""
    lines = (f"组织名称：{subject}", f"所在社区：{street}{community.name}", "清河市演示数据，非真实材料")
    return SimpleUploadedFile(name, demo_pdf(title, lines), content_type="application/pdf")
