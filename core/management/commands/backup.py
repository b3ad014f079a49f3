"""``manage.py backup ARCHIVE``: the database and every uploaded file in one checked archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "备份数据库（PostgreSQL 用 pg_dump，SQLite 为一致的副本）和上传文件目录（MEDIA_ROOT）"
        "到一个 tar 文件，附每个文件的 SHA-256 清单。恢复用 manage.py restore。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="备份文件路径，如 /backup/ccso-20261129.tar")
        parser.add_argument("--database", default="default", help="数据库连接别名（默认 default）")

    def handle(self, *args: Any, archive: str, database: str, **options: Any) -> None:
        destination = Path(archive)
        if destination.exists():
            raise CommandError(f"文件已存在：{destination}（不覆盖已有备份）")
        try:
            manifest = backup_create(
                destination=destination, media_root=Path(settings.MEDIA_ROOT), using=database
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        tables = manifest["database"]["tables"]
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{destination}（{manifest['database']['vendor']} 数据库 {len(tables)} 张表、"
                f"{sum(tables.values())} 行，上传文件 {len(manifest['files']) - 1} 个）"
            )
        )
