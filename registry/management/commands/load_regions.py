"""``manage.py load_regions FILE``: import the division tree from a CSV or XLSX file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from registry.region_import import RegionImportError, import_regions, read_region_file


class Command(BaseCommand):
    help = (
        "从CSV或XLSX文件导入行政区划（表头须含区划代码、名称列，社区/村须填写城乡分类）。"
        "全部校验通过才会保存；重复导入会更新已有区划，不会重复创建。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="区划文件路径（.csv 或 .xlsx）")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        path = Path(file)
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        try:
            rows = read_region_file(path)
        except RegionImportError as exc:
            raise CommandError(str(exc)) from exc
        try:
            summary = import_regions(rows)
        except RegionImportError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(f"导入失败：共 {len(exc.errors)} 处错误，未保存任何数据。") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"导入完成：新增 {summary.created} 个，更新 {summary.updated} 个，"
                f"未变 {summary.unchanged} 个。"
            )
        )
