"""Turning the text of one cell into a stored value, or a Chinese message saying what is wrong.

Cells come as people type them: full-width digits, an apostrophe in front of an ID number to keep
Excel from rounding it, dates as dates or as text in several spellings, numbers as text.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from core.spreadsheets import cell_text, plain_text

from ..errors import LedgerCode

SEPARATORS = re.compile(r"[、,，;；/\n]+")
DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
# What a near-duplicate ignores: spaces, full-width forms, and the form word at the end.
FORM_SUFFIX = re.compile(r"[社队]$")
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class CellError(Exception):
    code: str
    message: str


def text(value: object) -> str:
    return cell_text(value)


def code_text(value: object) -> str:
    """Codes and identifiers: half-width, no spaces, no leading apostrophe, upper case."""
    return SPACES.sub("", plain_text(value)).upper()


def positive_integer(value: object) -> int:
    if isinstance(value, bool):
        raise CellError(LedgerCode.NOT_A_NUMBER, "应填写正整数")
    if isinstance(value, int | float):
        number = value
    else:
        raw = plain_text(value).replace(",", "")
        try:
            number = float(raw)
        except ValueError:
            raise CellError(LedgerCode.NOT_A_NUMBER, f"“{raw}”不是数字，应填写正整数") from None
    if number != int(number) or number < 1:
        raise CellError(LedgerCode.NOT_A_NUMBER, f"“{cell_text(value)}”不是正整数")
    if number > 1_000_000:
        raise CellError(LedgerCode.NOT_A_NUMBER, f"“{cell_text(value)}”过大，请核实")
    return int(number)


def date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = plain_text(value)
    for pattern in DATE_PATTERNS:
        match = pattern.match(raw)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise CellError(LedgerCode.NOT_A_DATE, f"“{raw}”不是有效的日期，请填写如 2024-05-01 的日期")


def yes_no(value: object) -> bool:
    raw = plain_text(value)
    if raw in ("是", "Y", "y", "1", "TRUE", "True", "true"):
        return True
    if raw in ("", "否", "N", "n", "0", "FALSE", "False", "false"):
        return False
    raise CellError(LedgerCode.UNKNOWN_CHOICE, f"“{raw}”应填写“是”或“否”")


def choice(value: object, options: dict[str, object], what: str) -> object:
    """One value from a list, by its label (or stored code)."""
    raw = unicodedata.normalize("NFKC", text(value))
    if raw in options:
        return options[raw]
    raise CellError(
        LedgerCode.UNKNOWN_CHOICE, f"“{raw}”不在{what}列表中（可选：{'、'.join(_labels(options))}）"
    )


def choices(value: object, options: dict[str, object], what: str) -> list[object]:
    """Several values from a list, separated by 、 , ; (any width)."""
    raw = unicodedata.normalize("NFKC", text(value))
    picked, unknown = [], []
    for part in (part.strip() for part in SEPARATORS.split(raw)):
        if not part:
            continue
        if part in options:
            if options[part] not in picked:
                picked.append(options[part])
        else:
            unknown.append(part)
    if unknown:
        raise CellError(
            LedgerCode.UNKNOWN_CHOICE,
            f"“{'、'.join(unknown)}”不在{what}列表中（可选：{'、'.join(_labels(options))}）",
        )
    return picked


def _labels(options: dict[str, object]) -> list[str]:
    # Options are keyed by label and by code; show the labels (the non-ASCII keys) when there are any.
    labels = [key for key in options if not key.isascii()]
    return labels or list(options)


def near_key(name: str) -> str:
    """What two names have in common when they differ only in spaces, width or a final 社/队."""
    return FORM_SUFFIX.sub("", SPACES.sub("", unicodedata.normalize("NFKC", name)))
