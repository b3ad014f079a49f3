"""Checks for uploaded documents: the type is judged by the bytes, not the file name."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat

from core.errors import Code

KIND_LABELS = {"pdf": "PDF", "jpg": "JPG", "png": "PNG", "docx": "Word（docx）", "xlsx": "Excel（xlsx）"}
EXTENSIONS = {
    "pdf": {".pdf"},
    "jpg": {".jpg", ".jpeg"},
    "png": {".png"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
}
# Office files are zip archives; what distinguishes them is the main part inside.
OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def sniff_kind(upload: File) -> str | None:
    """The document kind by its content, or None when it is none of the accepted kinds."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        for kind, part in OFFICE_PARTS.items():
            if part in names:
                return kind
    return None


def validate_document(upload: File, *, kinds: Iterable[str], max_bytes: int | None = None) -> None:
    kinds = tuple(kinds)
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    allowed = "、".join(KIND_LABELS[kind] for kind in kinds)
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            "文件过大（%(size)s），不能超过 %(limit)s",
            code=Code.FILE_TOO_LARGE,
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    kind = sniff_kind(upload)
    if kind not in kinds:
        raise ValidationError(
            "文件类型不符，只接受 %(allowed)s 文件", code=Code.FILE_TYPE, params={"allowed": allowed}
        )
    if PurePath(upload.name or "").suffix.lower() not in EXTENSIONS[kind]:
        raise ValidationError(
            "文件扩展名与内容不一致（内容为 %(kind)s）",
            code=Code.FILE_EXTENSION,
            params={"kind": KIND_LABELS[kind]},
        )


def validate_charter(upload: File) -> None:
    # Only new uploads are checked; a stored file was checked when it arrived.
    if getattr(upload, "_committed", True) is False or hasattr(upload, "content_type"):
        validate_document(upload, kinds=("pdf", "docx", "jpg", "png"))


# A run of digits as long as a mobile number (11) or longer, an ID number's final X included.
_LONG_NUMBER = re.compile(r"[0-9]{11,}[Xx]?")


def _mask_number(match: re.Match[str]) -> str:
    number = match.group()
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def stored_name(name: str, limit: int = 200) -> str:
    """An uploaded file's own name as the platform keeps and shows it: any number as long as a phone
    or ID number masked (people name files after their ID number), shortened to fit ``limit``
    characters without losing its extension (a download must still open with the right program)."""
    path = PurePath(_LONG_NUMBER.sub(_mask_number, PurePath(name or "").name))
    base, suffix = path.name, path.suffix[:16]
    if len(base) <= limit:
        return base
    return path.stem[: limit - len(suffix)] + suffix
