"""The one hook through which the parts of the platform add their demo data: ``demo.builders.BUILDERS``."""

from __future__ import annotations

import pytest
from django.core.management import CommandError

from demo import builders
from demo.evaluation import seed_evaluation
from demo.filing.seed import seed_filing
from demo.incubation.seed import seed_incubation
from demo.quota import seed_quota
from demo.registry import seed_city
from demo.seeding import PASSWORD, DemoSeedError, LoginRow, Part
from registry.models import User
from tests.demo.conftest import run_seed
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_the_city_comes_first_then_filing_incubation_and_evaluation_then_the_quota_snapshots():
    assert list(builders.BUILDERS) == [seed_city, seed_filing, seed_incubation, seed_evaluation, seed_quota]


def test_builders_run_in_order_and_print_their_summaries_then_their_logins(monkeypatch):
    calls = []

    def builder(name: str, logins: list[LoginRow]):
        def seed() -> Part:
            calls.append(name)
            return Part(summary=lambda: [f"  {name}：演示数据"], logins=logins)

        return seed

    monkeypatch.setattr(
        builders,
        "BUILDERS",
        (
            builder("登记", [LoginRow("street_a", "街道办事处/乡镇政府", "清河市临江区江滨街道")]),
            builder("孵化", []),
            builder("评估", [LoginRow("x", "y", "z")]),
        ),
    )

    lines = run_seed().splitlines()

    assert calls == ["登记", "孵化", "评估"]
    assert lines[:4] == ["  登记：演示数据", "  孵化：演示数据", "  评估：演示数据", ""]
    assert lines[4] == f"演示账号（密码均为 {PASSWORD}）："
    assert [line.split()[0] for line in lines[6:-1]] == ["street_a", "x"]
    assert lines[-1] == "访问地址：http://127.0.0.1:8000/"
    assert run_seed("--quiet").splitlines() == lines[4:]


def test_summaries_are_taken_once_every_builder_has_run(monkeypatch):
    def count() -> Part:
        return Part(summary=lambda: [f"账号 {User.objects.unrestricted().count()} 个"])

    def add_account() -> Part:
        UserFactory(username="later")
        return Part(summary=list)

    monkeypatch.setattr(builders, "BUILDERS", (count, add_account))
    before = User.objects.unrestricted().count()

    assert run_seed().splitlines()[0] == f"账号 {before + 1} 个"


def test_a_failing_builder_leaves_nothing_seeded(monkeypatch):
    def add_account() -> Part:
        UserFactory(username="half_seeded")
        return Part(summary=list)

    def fail() -> Part:
        raise DemoSeedError("缺少类别：charity（请先执行 migrate）")

    monkeypatch.setattr(builders, "BUILDERS", (add_account, fail))

    with pytest.raises(CommandError, match="缺少类别：charity"):
        run_seed()
    assert not User.objects.unrestricted().filter(username="half_seeded").exists()
