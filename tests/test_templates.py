"""Templates ask the permission table and the badge registry; they never compare a role or a state.

The first half reads every template of the project as text; the second renders the menu for each
persona and checks it offers exactly what the persona can use.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from registry.choices import Role
from registry.models import User
from tests.conftest import make_user

# A role or state read in a template: any use of a user's role or of the role-derived properties,
# and any comparison of a state, status, tier or outcome (``==``, ``!=``, ``in``).
FORBIDDEN = re.compile(
    r"""
    \.role\b
    | \bis_staff_role\b
    | \beditable_tiers\b
    | \.(?:state|status|tier|outcome)\s*(?:==|!=|\bin\b|\bnot\s+in\b)
    | (?:==|!=)\s*\S+\.(?:state|status|tier|outcome)\b
    """,
    re.VERBOSE,
)
TEMPLATE_DIRS = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]


def offences(text: str) -> list[tuple[int, str]]:
    """The lines of a template that compare a role or a state, numbered from 1."""
    return [
        (number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if FORBIDDEN.search(line)
    ]


def project_templates() -> dict[str, Path]:
    """Every template the project ships, by the name views and includes use."""
    return {
        path.relative_to(folder).as_posix(): path
        for folder in TEMPLATE_DIRS
        for path in sorted(folder.rglob("*.html"))
    }


@pytest.mark.parametrize(
    "line",
    [
        '{% if user.role == "street" %}',
        '{% if user.role != "organization" and user.role != "applicant" %}',
        "{% if user.is_staff_role or user.is_superuser %}",
        "{% if user.editable_tiers %}",
        '{% if object.status == "active" %}',
        '{% if option.status != "done" %}',
        '{% if object.tier == "filed" and object.status == "active" %}',
        "{% if result.outcome == 'pass' %}",
        '{% if application.state in "draft returned" %}',
        '{% if "closed" == complaint.state %}',
    ],
)
def test_the_scan_catches_a_role_or_state_comparison(line: str) -> None:
    assert offences(f"<div>\n{line}ok{{% endif %}}\n</div>") == [(2, f"{line}ok{{% endif %}}")]


@pytest.mark.parametrize(
    "line",
    [
        '{% can "filing.approve" application as may_approve %}',
        '{% state_badge organization "status" %}',
        '{% badge "assessment.outcome" result.outcome %}',
        "{{ user.get_role_display }}",
        '<span data-role="stage">{{ report.stage }}</span>',
        "{% if user.is_staff %}",
    ],
)
def test_the_scan_lets_permission_and_badge_tags_pass(line: str) -> None:
    assert offences(line) == []


def test_the_scan_reads_the_project_templates() -> None:
    assert {"base.html", "includes/navbar.html", "registry/organization_detail.html"} <= set(
        project_templates()
    )


def test_no_template_compares_a_role_or_a_state() -> None:
    found = [
        f"templates/{name}:{number}: {line}"
        for name, path in project_templates().items()
        for number, line in offences(path.read_text(encoding="utf-8"))
    ]
    assert not found, "templates compare a role or a state; ask {% can %} or a badge instead:\n" + "\n".join(
        found
    )


# -- the menu ---------------------------------------------------------------------------------------

# Organizations and applicants apply to enter a base and follow their tenancy; staff and operators
# also reach the bases, their records and figures.
TENANT = {"孵化培育", "孵化工作台", "入驻管理", "公开的孵化基地"}
EVERYONE = {"工作台", "街道事务", "备案申请", "公开名录", "消息", "修改密码"} | TENANT
ORGANIZATION = EVERYONE | {"组织名录", "重大活动报告", "评估评议", "工作报告", "服务项目", "能力培训"}
STAFF = (
    ORGANIZATION
    | {"孵化基地", "服务记录", "孵化补贴", "基地评估", "孵化统计"}
    | {
        "年度评议",
        "品牌组织",
        "投诉举报",
        "公告",
        "僵尸型组织复核",
        "证书换发",
        "联合会",
        "社工人才",
        "指标统计",
        "指标看板",
        "指标方案",
        "季度统计表",
        "待办",
        "接口文档",
    }
)
KEEPER = STAFF | {"账号管理"}  # the bureau and the street office keep their jurisdiction's accounts
MENU = {
    "bureau_city": KEEPER,
    "street_a": KEEPER,
    "community_a": STAFF,
    "operator": STAFF,
    "org_a": ORGANIZATION,
    "applicant": EVERYONE,
    "admin": KEEPER | {"管理后台"},
}
# An entry's label; the account menu's toggle (the user's own name) is not an entry.
ENTRY = re.compile(r'class="(?:nav-link|dropdown-item)(?![^"]*user-info)[^"]*" href="[^"]*"[^>]*>([^<]+)<')


def menu_of(client, user: User | None) -> set[str]:
    """The entries of the main menu on the home page, as the user sees them."""
    if user is not None:
        client.force_login(user)
    page = client.get(reverse("home") if user else reverse("login")).content.decode()
    navbar = page[page.index('<nav class="navbar') : page.index("</nav>")]
    return {unescape(label).strip() for label in ENTRY.findall(navbar)}


@pytest.fixture
def everyone(personas: dict[str, User], admin_user: User) -> dict[str, User]:
    return {**personas, "applicant": make_user("applicant", Role.APPLICANT), "admin": admin_user}


@pytest.mark.parametrize("persona", sorted(MENU))
def test_the_menu_offers_each_persona_what_it_can_use(
    client, everyone: dict[str, User], persona: str
) -> None:
    assert menu_of(client, everyone[persona]) == MENU[persona]


def test_an_organization_account_sees_no_staff_entries(client, everyone: dict[str, User]) -> None:
    menu = menu_of(client, everyone["org_a"])
    assert not menu & {"联合会", "社工人才", "待办", "接口文档", "指标统计", "投诉举报", "证书换发"}


def test_the_anonymous_see_no_menu(client, db) -> None:
    assert menu_of(client, None) == set()
