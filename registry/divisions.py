"""China's 12-digit statistical division codes (统计用区划代码).

The code *is* the hierarchy: 2 digits province, 2 city, 2 county, 3 township, 3 village.
A region's subtree is every code that starts with the region's significant prefix, so a
jurisdiction is one indexed range scan and never a recursive walk.
"""

from .choices import RegionLevel

CODE_LENGTH = 12
PREFIX_LENGTH = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.CITY: 4,
    RegionLevel.DISTRICT: 6,
    RegionLevel.STREET: 9,
    RegionLevel.COMMUNITY: 12,
}


def normalize_code(raw: str) -> str:
    """Pad a 2/4/6/9-digit code to 12 digits; other input is returned stripped for validation."""
    code = str(raw).strip()
    if code.endswith(".0"):  # spreadsheets turn codes into floats
        code = code[:-2]
    if code.isdigit() and len(code) in (2, 4, 6, 9):
        code = code.ljust(CODE_LENGTH, "0")
    return code


def is_valid_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and code.isascii() and code.isdigit() and code[:2] != "00"


def level_of(code: str) -> RegionLevel:
    """The level a code stands for: the deepest segment that is not all zeros."""
    for level in reversed(RegionLevel):
        start = PREFIX_LENGTH.get(RegionLevel(level - 1), 0) if level > RegionLevel.PROVINCE else 0
        if code[start : PREFIX_LENGTH[level]].strip("0"):
            return RegionLevel(level)
    return RegionLevel.PROVINCE


def prefix_of(code: str) -> str:
    return code[: PREFIX_LENGTH[level_of(code)]]


def ancestor_codes(code: str) -> list[str]:
    """Codes of every possible ancestor, nearest first."""
    level = level_of(code)
    return [
        code[: PREFIX_LENGTH[RegionLevel(up)]].ljust(CODE_LENGTH, "0")
        for up in range(level - 1, RegionLevel.PROVINCE - 1, -1)
    ]
