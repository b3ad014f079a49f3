"""``manage.py seed_scale``: the synthetic province 测试省 (division prefix 98) for measuring the
platform at scale — regions, organizations with one history version each, social workers and
federations, written in bulk and the same for the same arguments."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.scale import PRESETS, province_exists, remove_province, seed_scale


class Command(BaseCommand):
    help = (
        "生成规模测试数据：虚拟省份测试省（区划代码前缀 98）的区划、社区社会组织及其变更记录、"
        "社会工作人才和联合会。同样的参数总是生成同样的数据；--preset 选用预设规模"
        f"（{'、'.join(PRESETS)}），--replace 先删除已有的测试省。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--preset", choices=sorted(PRESETS), help="预设规模（社区数与组织数）")
        parser.add_argument("--communities", type=int, help="社区数")
        parser.add_argument("--orgs", type=int, help="组织数")
        parser.add_argument("--seed", type=int, default=8, help="随机数种子（默认 8）")
        parser.add_argument("--replace", action="store_true", help="先删除已有的测试省")

    def handle(self, *args: Any, **options: Any) -> None:
        communities, organizations = PRESETS[options["preset"] or "province"]
        communities = options["communities"] or communities
        organizations = options["orgs"] if options["orgs"] is not None else organizations
        if communities < 1 or organizations < 0:
            raise CommandError("社区数须为正数，组织数不能为负数")
        if province_exists():
            if not options["replace"]:
                raise CommandError("测试省已存在：加 --replace 重新生成")
            remove_province()
        started = time.perf_counter()
        seeded = seed_scale(communities=communities, organizations=organizations, seed=options["seed"])
        self.stdout.write(
            f"测试省：{seeded.regions:,} 个区划（{seeded.communities:,} 个社区），"
            f"{seeded.organizations:,} 个组织，{seeded.social_workers:,} 名社会工作人才，"
            f"{seeded.federations:,} 个联合会；用时 {time.perf_counter() - started:.1f} 秒"
        )
