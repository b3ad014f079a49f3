"""Validation, normalisation and masking of Chinese identifiers.

Covers the 18-digit resident identity number (GB 11643-1999), the unified
social credit code of organisations (GB 32100-2015) and mainland mobile
numbers. Pure Python so it can be used by models, forms, serializers and
import scripts alike without touching the database.

Validators expect an already-normalised value (see the ``normalize_*``
helpers) and raise ``ValidationError`` with a stable ``code`` so callers and
tests can tell failure reasons apart without parsing the Chinese message.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError

from .errors import RegistryCode

__all__ = [
    "CREDIT_CODE_AUTHORITY_CHARS",
    "CREDIT_CODE_CHARSET",
    "credit_code_check_char",
    "mask_phone",
    "mask_resident_id",
    "normalize_credit_code",
    "normalize_resident_id",
    "resident_id_birth_date",
    "resident_id_check_char",
    "validate_credit_code",
    "validate_mobile",
    "validate_resident_id",
]

# --- Resident identity number (GB 11643-1999) -------------------------------

RESIDENT_ID_LENGTH = 18
_RESIDENT_ID_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))
_RESIDENT_ID_CHECK_MAP = "10X98765432"
_RESIDENT_ID_MIN_BIRTH_DATE = datetime.date(1900, 1, 1)


def resident_id_check_char(body: str) -> str:
    """Return the GB 11643 check character for the 17-digit ``body``.

    The check character lets us catch single-digit typos and transpositions
    before a record reaches the registry.
    """
    if len(body) != 17 or not _is_ascii_digits(body):
        raise ValueError("body must be exactly 17 ASCII digits")
    total = sum(int(ch) * w for ch, w in zip(body, _RESIDENT_ID_WEIGHTS, strict=True))
    return _RESIDENT_ID_CHECK_MAP[total % 11]


def resident_id_birth_date(value: str) -> datetime.date:
    """Return the birth date encoded in positions 7–14 of a resident ID.

    Raises ``ValueError`` if those characters are not a real calendar date.
    """
    digits = value[6:14]
    if len(digits) != 8 or not _is_ascii_digits(digits):
        raise ValueError("birth date part must be 8 ASCII digits")
    return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))


def normalize_resident_id(value: str) -> str:
    """Strip surrounding whitespace and uppercase a trailing ``x``.

    People commonly type the check character as lowercase ``x``; the canonical
    stored form uses ``X``.
    """
    value = value.strip()
    if value.endswith("x"):
        value = value[:-1] + "X"
    return value


def validate_resident_id(value: str, *, today: datetime.date | None = None) -> None:
    """Raise ``ValidationError`` unless ``value`` is a valid 18-digit resident ID.

    ``today`` bounds the birth date from above; it defaults to the current date
    and exists so tests can pin it.
    """
    if len(value) != RESIDENT_ID_LENGTH:
        raise ValidationError(f"身份证号码应为18位，当前为{len(value)}位", code=RegistryCode.LENGTH)
    body, check = value[:17], value[17]
    if not _is_ascii_digits(body) or not (_is_ascii_digits(check) or check == "X"):
        raise ValidationError("身份证号码只能由数字和末位X组成", code=RegistryCode.CHARACTERS)
    try:
        birth_date = resident_id_birth_date(value)
    except ValueError:
        birth_date = None
    upper_bound = today if today is not None else datetime.date.today()
    if birth_date is None or not (_RESIDENT_ID_MIN_BIRTH_DATE <= birth_date <= upper_bound):
        raise ValidationError("身份证号码中的出生日期无效", code=RegistryCode.BIRTH_DATE)
    if resident_id_check_char(body) != check:
        raise ValidationError("身份证号码校验位不正确", code=RegistryCode.CHECKSUM)


# --- Unified social credit code (GB 32100-2015) -----------------------------

CREDIT_CODE_LENGTH = 18
# I, O, S, V and Z are excluded to avoid confusion with 1, 0, 5, U and 2.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_AUTHORITY_CHARS = "123456789ABCDEFGNY"
_CREDIT_CODE_VALUES = {ch: i for i, ch in enumerate(CREDIT_CODE_CHARSET)}
_CREDIT_CODE_WEIGHTS = tuple(3**i % 31 for i in range(17))


def credit_code_check_char(body: str) -> str:
    """Return the GB 32100 check character for the 17-character ``body``."""
    if len(body) != 17 or any(ch not in _CREDIT_CODE_VALUES for ch in body):
        raise ValueError("body must be 17 characters from the credit code charset")
    total = sum(_CREDIT_CODE_VALUES[ch] * w for ch, w in zip(body, _CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def normalize_credit_code(value: str) -> str:
    """Strip surrounding whitespace and uppercase; the code is case-insensitive in practice."""
    return value.strip().upper()


def validate_credit_code(value: str) -> None:
    """Raise ``ValidationError`` unless ``value`` is a valid unified social credit code."""
    if len(value) != CREDIT_CODE_LENGTH:
        raise ValidationError(f"统一社会信用代码应为18位，当前为{len(value)}位", code=RegistryCode.LENGTH)
    if any(ch not in _CREDIT_CODE_VALUES for ch in value):
        raise ValidationError(
            "统一社会信用代码含有不允许的字符（不使用I、O、S、V、Z）", code=RegistryCode.CHARACTERS
        )
    if value[0] not in CREDIT_CODE_AUTHORITY_CHARS:
        raise ValidationError("统一社会信用代码的登记管理部门码无效", code=RegistryCode.AUTHORITY)
    if not _is_ascii_digits(value[2:8]):
        raise ValidationError("统一社会信用代码中的行政区划码无效", code=RegistryCode.DIVISION)
    if credit_code_check_char(value[:17]) != value[17]:
        raise ValidationError("统一社会信用代码校验位不正确", code=RegistryCode.CHECKSUM)


# --- Mobile phone -----------------------------------------------------------

_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")


def validate_mobile(value: str) -> None:
    """Raise ``ValidationError`` unless ``value`` is an 11-digit mainland mobile number."""
    # fullmatch with an explicit [0-9] avoids ``$`` accepting a trailing
    # newline and ``\d`` accepting non-ASCII digits.
    if not _MOBILE_RE.fullmatch(value):
        raise ValidationError("手机号码应为以1开头的11位数字", code=RegistryCode.MOBILE)


# --- Masking ----------------------------------------------------------------


def mask_resident_id(value: str) -> str:
    """Hide the birth date and sequence digits, keeping the first 6 and last 4 characters.

    Used for display and logs so full identity numbers are not exposed.
    Values of 10 characters or fewer are masked entirely: nothing would be hidden otherwise.
    """
    return _mask(value, keep_start=6, keep_end=4)


def mask_phone(value: str) -> str:
    """Hide the middle of a phone number, keeping the first 3 and last 4 characters.

    Values of 7 characters or fewer are masked entirely.
    """
    return _mask(value, keep_start=3, keep_end=4)


# A mobile number or a resident ID number standing alone in free text (not inside a longer number).
_MOBILE_IN_TEXT = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
_RESIDENT_ID_IN_TEXT = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")


def mask_personal_text(value: str) -> str:
    """Mask every mobile number and resident ID number found in free text (an announcement, a
    complaint's feedback, a returned application's reason) before it is published. Landlines of
    offices stay as typed: they are meant to be called."""
    value = _RESIDENT_ID_IN_TEXT.sub(lambda match: mask_resident_id(match.group()), value)
    return _MOBILE_IN_TEXT.sub(lambda match: mask_phone(match.group()), value)


# --- Helpers ----------------------------------------------------------------


def _mask(value: str, *, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end :]


def _is_ascii_digits(value: str) -> bool:
    # str.isdigit() accepts characters such as "²" and full-width digits.
    return value.isascii() and value.isdigit()
