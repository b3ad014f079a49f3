"""``manage.py build_certificate_font``: cut the certificate typeface down to what it must cover.

Run once whenever the shipped subset should grow (see ``static/filing/font/README.md``)::

    manage.py build_certificate_font --regular NotoSansCJK-Regular.ttc --bold NotoSansCJK-Bold.ttc \
        --text ../shared/policy
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from filing import certificate_font

TEXT_SUFFIXES = {".py", ".html", ".md", ".txt", ".json", ".csv"}
SKIPPED_DIRS = {".venv", ".git", "node_modules", "staticfiles", "var", "__pycache__"}


def project_texts(roots: list[Path]) -> Iterator[str]:
    """The text of every source and document file under the given folders."""
    for root in roots:
        if root.is_file():
            yield root.read_text(encoding="utf-8", errors="ignore")
            continue
        for path in sorted(root.rglob("*")):
            if SKIPPED_DIRS.intersection(path.relative_to(root).parts) or path.suffix not in TEXT_SUFFIXES:
                continue
            if path.is_file():
                yield path.read_text(encoding="utf-8", errors="ignore")


class Command(BaseCommand):
    help = "从思源黑体 / Noto Sans CJK 字体文件生成证书所用的字体子集（GB2312 及项目自身用到的全部字符）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--regular", type=Path, required=True, help="常规字重的 .otf 或 .ttc 文件")
        parser.add_argument("--bold", type=Path, required=True, help="粗体的 .otf 或 .ttc 文件")
        parser.add_argument("--family", default="Noto Sans CJK SC", help="集合文件中要取的字体家族名")
        parser.add_argument("--text", type=Path, action="append", default=[], help="另需覆盖其文字的目录")

    def handle(self, *args: Any, regular: Path, bold: Path, family: str, text: list[Path], **options: Any):
        for source in (regular, bold):
            if not source.is_file():
                raise CommandError(f"找不到字体文件：{source}")
        characters = certificate_font.subset_characters(project_texts([Path(settings.BASE_DIR), *text]))
        self.stdout.write(f"{len(characters)} 个字符")
        for weight, source in ((400, regular), (700, bold)):
            target = certificate_font.FONT_DIR / certificate_font.FACES[weight]
            glyphs = certificate_font.subset_font(
                source=source, family_name=family, characters=characters, target=target
            )
            self.stdout.write(f"{target.name}: {glyphs} 个字形，{target.stat().st_size // 1024} KiB")
