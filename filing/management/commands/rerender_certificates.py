"""``manage.py rerender_certificates``: render again every certificate whose stored PDF is stale."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from filing.certificates import certificate_render, current_renderer
from filing.selectors_certificates import certificates_to_rerender


class Command(BaseCommand):
    help = (
        "重新生成过期的备案证书文件：生成时所用的版式或字体与当前不同（例如缺少中文字体时生成、汉字印成方框的证书）。"
        "证书下载时也会自动重新生成，本命令用于一次处理全部。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unrendered", action="store_true", help="同时生成从未生成过文件的证书")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不生成")

    def handle(self, *args: Any, unrendered: bool = False, dry_run: bool = False, **options: Any) -> None:
        pending = certificates_to_rerender(include_unrendered=unrendered)
        ids = list(pending.values_list("pk", flat=True))
        self.stdout.write(f"当前版本 {current_renderer()}：{len(ids)} 份证书需要重新生成")
        if dry_run:
            for filing_number in pending.values_list("filing_number", flat=True):
                self.stdout.write(f"  {filing_number}")
            return
        for done, certificate_id in enumerate(ids, start=1):
            certificate_render(certificate_id=certificate_id)
            if done % 50 == 0 or done == len(ids):
                self.stdout.write(f"  已生成 {done}/{len(ids)}")
