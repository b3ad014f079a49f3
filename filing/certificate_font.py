"""The typeface certificates are printed in, shipped with the app so rendering never depends on
the fonts a machine happens to have.

The files under ``static/filing/font/`` are subsets of Noto Sans CJK SC (SIL Open Font License
1.1, see ``OFL.txt`` there) made by ``manage.py build_certificate_font``: every character of
GB2312 (its 6,763 hanzi cover ordinary modern Simplified Chinese), ASCII and Latin-1, CJK and
full-width punctuation, and every character the project's own text uses (templates, demo data,
policy presets). A rarer character falls back to a system CJK font where there is one; a render
that still had to draw a box says which characters (see ``filing.certificates``).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "static" / "filing" / "font"
FAMILY = "Certificate Sans SC"
# CSS weight → file; the certificate uses both.
FACES = {400: "NotoSansSC-Regular.subset.otf", 700: "NotoSansSC-Bold.subset.otf"}
# Where a character outside the subset is looked for next, as CSS names them.
FALLBACK_FAMILIES = ('"Noto Sans CJK SC"', '"Source Han Sans SC"', '"WenQuanYi Micro Hei"', "sans-serif")

# Unicode ranges kept besides GB2312 and the project's text.
EXTRA_RANGES = (
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xFF),  # Latin-1
    (0x2010, 0x2027),  # dashes, quotes, ellipsis
    (0x2030, 0x203B),  # per mille, primes, reference mark
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF01, 0xFF5E),  # full-width forms
    (0xFFE0, 0xFFE6),  # full-width signs (￥ …)
)


def face_css() -> str:
    """``@font-face`` rules loading the shipped files by ``file:`` URL, and the family stack to use."""
    rules = [
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
        f'src: url("{(FONT_DIR / name).as_uri()}") format("opentype"); }}'
        for weight, name in FACES.items()
    ]
    return "\n".join(rules)


def family_stack() -> str:
    return ", ".join((f'"{FAMILY}"', *FALLBACK_FAMILIES))


@functools.cache
def font_version() -> str:
    """A short digest of the shipped files: it changes whenever the font does."""
    digest = hashlib.sha256()
    for name in FACES.values():
        digest.update((FONT_DIR / name).read_bytes())
    return digest.hexdigest()[:12]


def gb2312_characters() -> set[str]:
    """Every character GB2312 encodes (hanzi levels 1 and 2, symbols, kana, Greek, Cyrillic …)."""
    found = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def subset_characters(texts: Iterable[str]) -> set[str]:
    """The characters the shipped subset covers: GB2312, the extra ranges and the given texts."""
    characters = gb2312_characters()
    for first, last in EXTRA_RANGES:
        characters.update(chr(code) for code in range(first, last + 1))
    for text in texts:
        characters.update(character for character in text if character.isprintable())
    return characters


def subset_font(*, source: Path, family_name: str, characters: set[str], target: Path) -> int:
    """Write the Simplified Chinese face of ``source`` (an .otf, or a .ttc holding it) cut down to
    ``characters``, with no layout features (certificates need none) and no hinting. Returns the
    number of glyphs kept."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    if source.suffix.lower() in {".ttc", ".otc"}:
        fonts = TTCollection(str(source)).fonts
        font = next(f for f in fonts if f["name"].getDebugName(1) == family_name)
    else:
        font = TTFont(str(source))
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables += ["VORG", "vhea", "vmtx"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(character) for character in characters))
    subsetter.subset(font)
    font.save(str(target))
    return len(font.getGlyphOrder())
