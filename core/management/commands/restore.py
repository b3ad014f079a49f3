"""``manage.py restore ARCHIVE``: check a backup made by ``manage.py backup`` and put it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "从 manage.py backup 生成的备份恢复数据库和上传文件目录。先核对清单中每个文件的 SHA-256，"
        "备份不完整或校验不符时不做任何改动；当前数据库的内容被替换，原上传目录改名保留。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="备份文件路径")
        parser.add_argument("--database", default="default", help="数据库连接别名（默认 default）")
        parser.add_argument("--media-root", help="恢复上传文件到此目录（默认为 MEDIA_ROOT）")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args: Any, archive: str, database: str, interactive: bool, **options: Any) -> None:
        source = Path(archive)
        if not source.is_file():
            raise CommandError(f"文件不存在：{source}")
        media_root = Path(options["media_root"] or settings.MEDIA_ROOT)
        if interactive:
            answer = input(f"将用 {source} 替换数据库“{database}”的全部内容和 {media_root}，输入 yes 继续：")
            if answer.strip() != "yes":
                raise CommandError("已取消，未做任何改动")
        try:
            restored = backup_restore(source=source, media_root=media_root, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{restored.tables} 张表、{restored.rows} 行，"
                f"上传文件 {restored.files} 个，均与清单一致"
            )
        )
        if restored.media_kept_at:
            self.stdout.write(f"原上传目录已改名保留：{restored.media_kept_at}")
