"""``manage.py seed_demo``: the demo city 清河市 with its organizations, federations and logins,
then every other part of the demo (filing applications and certificates, quota snapshots …),
one builder each, in the order of ``demo.builders.BUILDERS``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo import builders
from demo.seeding import DemoSeedError, login_lines, seed


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
            seeded = seed(builders.BUILDERS)
        except DemoSeedError as exc:
            raise CommandError(str(exc)) from exc
        if not quiet:
            for line in seeded.summary:
                self.stdout.write(line)
            self.stdout.write("")
        # The logins table always comes last.
        for line in login_lines(seeded.logins):
            self.stdout.write(line)
