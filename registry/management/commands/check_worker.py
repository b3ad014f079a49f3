"""``manage.py check_worker``: verify that a Celery worker runs and reaches this database."""

from __future__ import annotations

from typing import Any

from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from kombu.exceptions import OperationalError
from kombu.utils.url import maybe_sanitize_url

from registry.models import Organization, Region
from registry.tasks import worker_status


class Command(BaseCommand):
    help = (
        "检查 Celery 工作进程：发送一个只读的检查任务并等待结果，"
        "确认工作进程在运行，且与本机连接同一个数据库。未配置消息代理时任务在本进程内直接执行。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=10.0, help="等待工作进程响应的秒数（默认 10）")
        parser.add_argument("--queue", default=None, help="发送到指定队列（默认发送到 Celery 默认队列）")

    def handle(self, *args: Any, timeout: float, queue: str | None, **options: Any) -> None:
        if timeout <= 0:
            raise CommandError("--timeout 必须大于 0")
        conf = worker_status.app.conf
        eager = bool(conf.task_always_eager)
        if eager:
            self.stdout.write(
                "未配置消息代理（CELERY_BROKER_URL），任务在本进程内直接执行，没有独立的工作进程。"
            )

        routing = {"queue": queue} if queue else {}
        try:
            result = worker_status.apply_async(**routing)
        except OperationalError as exc:
            broker = maybe_sanitize_url(conf.broker_url or "")
            raise CommandError(f"无法连接消息代理 {broker}：{exc}") from exc

        try:
            status = result.get(timeout=timeout)
        except CeleryTimeoutError as exc:
            target = f"队列 {queue}" if queue else "默认队列"
            raise CommandError(
                f"{timeout:g} 秒内没有 Celery 工作进程响应（{target}）。"
                "请确认工作进程已启动（make worker），且与本机使用同一个消息代理。"
            ) from exc
        except Exception as exc:
            raise CommandError(f"工作进程执行检查任务失败：{exc}") from exc

        if status["database"] != connection.vendor:
            raise CommandError(
                f"工作进程连接的数据库类型（{status['database']}）与本机（{connection.vendor}）不同，"
                "请检查工作进程的 DATABASE_URL。"
            )
        summary = (
            f"主机 {status['worker']}，数据库 {status['database']}，"
            f"区划 {status['regions']} 个，组织 {status['organizations']} 个"
        )
        label = "Celery 任务在本进程内执行正常" if eager else "Celery 工作进程正常"
        self.stdout.write(self.style.SUCCESS(f"{label}：{summary}"))

        regions = Region.objects.unrestricted().count()
        organizations = Organization.objects.unrestricted().count()
        if (status["regions"], status["organizations"]) != (regions, organizations):
            self.stderr.write(
                self.style.WARNING(
                    f"注意：本机所见为区划 {regions} 个，组织 {organizations} 个，与工作进程不同；"
                    "若此时没有正在进行的导入或登记，工作进程可能连接了另一个数据库。"
                )
            )
