"""Romanized names, so organizations can be found and sorted by pinyin (多福巷 → duofuxiang / dfx)."""

from pypinyin import Style, lazy_pinyin


def romanize(name: str) -> tuple[str, str]:
    """Full pinyin without tones or separators, and the initials; other characters pass through."""
    full = "".join(lazy_pinyin(name)).lower().replace(" ", "")
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower().replace(" ", "")
    return full[:400], initials[:100]
