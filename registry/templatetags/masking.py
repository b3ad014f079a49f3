from django import template

from ..identifiers import mask_personal_text as _mask_personal_text
from ..identifiers import mask_phone as _mask_phone
from ..identifiers import mask_resident_id as _mask_resident_id

register = template.Library()


@register.filter
def mask_phone(value: str) -> str:
    return _mask_phone(value or "")


@register.filter
def mask_resident_id(value: str) -> str:
    return _mask_resident_id(value or "")


@register.filter
def mask_personal_text(value: str) -> str:
    """Free text for the public: mobile and resident ID numbers masked. The result is still escaped."""
    return _mask_personal_text(str(value or ""))
