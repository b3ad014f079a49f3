"""``manage.py seed_demo``: the demo city 清河市 with its organizations, federations and logins,
plus whatever the other apps seed through their ``AppConfig.seed_demo`` hook (see
``registry.demo.seed_other_apps``), such as filing applications and certificates."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from registry.demo import DemoSeedError, login_lines, seed_demo, summary_lines


class Command(BaseCommand):
    help = (
        "生成演示数据：虚拟城市清河市（区划代码前缀 99）的区划、社区社会组织、联合会、"
        "社会工作人才和演示账号，以及各业务模块的演示数据（如各办理状态的备案申请和备案证书）。"
        "数据固定可复现，重复执行不会产生重复记录，并会重置演示账号的密码。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="只输出演示账号")

    def handle(self, *args: Any, quiet: bool = False, **options: Any) -> None:
        try:
            result = seed_demo()
        except DemoSeedError as exc:
            raise CommandError(str(exc)) from exc
        if not quiet:
            for line in summary_lines(result):
                self.stdout.write(line)
            self.stdout.write("")
        # The logins table always comes last.
        for line in login_lines(result):
            self.stdout.write(line)
