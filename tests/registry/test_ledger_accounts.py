"""Opening accounts from a ledger: the same rules as account management, one-time passwords given once."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from core.errors import InvalidTransition
from core.models import Event
from registry.choices import LedgerKind, LedgerStatus
from registry.ledger.accounts import ACCOUNT_COLUMNS
from registry.models import LedgerImport, User
from registry.services.ledger import ledger_apply_now
from tests.registry.ledger_support import check_kind, issue_codes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db
HEADERS = [column.header for column in ACCOUNT_COLUMNS]


def account_row(username: str, role: str = "村/社区「两委」", region: str = "990101001001", **cells) -> dict:
    row = {"用户名": username, "姓名": "李明", "角色": role, "辖区代码": region, "手机号": "13912345678"}
    row.update(cells)
    return row


def check(actor, rows, capture) -> LedgerImport:
    return check_kind(actor, xlsx_bytes(rows, HEADERS), LedgerKind.ACCOUNTS, capture)


issues = issue_codes


def test_dry_run_reports_each_bad_row_and_opens_nothing(
    world, tree, personas, django_capture_on_commit_callbacks
):
    street = personas["street_a"]
    rows = [
        account_row("zhang_community"),
        account_row("bureau_new", role="民政局", region=tree.district_a.code),
        account_row("other_street", region=tree.community_b.code),
        account_row("STREET_A"),  # taken, whatever the case
        account_row("zhang_community"),  # twice in the file
        account_row("nowhere", region="990101009999"),
        account_row("who", role="站长"),
        account_row("", 姓名=""),
        account_row(
            "org_keeper", role="组织负责人", region="", **{"组织名称或统一社会信用代码": "湖畔社区平安巡逻队"}
        ),
        account_row("bad_phone", 手机号="1234"),
    ]
    ledger = check(street, rows, django_capture_on_commit_callbacks)

    assert ledger.status == LedgerStatus.READY, ledger.error
    assert ledger.counts["create"] == 1 and ledger.counts["error"] == 9
    assert issues(ledger) == [
        (3, "角色", "role_not_allowed"),
        (4, "辖区代码", "outside_jurisdiction"),
        (5, "用户名", "username_taken"),
        (6, "用户名", "duplicate_in_file"),
        (7, "辖区代码", "unknown_region"),
        (8, "角色", "unknown_choice"),
        (9, "用户名", "required"),
        (9, "姓名", "required"),
        (10, "组织名称或统一社会信用代码", "outside_jurisdiction"),
        (11, "手机号", "mobile"),
    ]
    message = ledger.issues.unrestricted().get(line=3).message
    assert "民政局" in message
    assert not User.objects.unrestricted().filter(username="zhang_community").exists()


def test_apply_opens_accounts_and_hands_their_passwords_back_once(
    world, tree, personas, django_capture_on_commit_callbacks
):
    street = personas["street_a"]
    organization = world.orgs["a_filed"]
    rows = [
        account_row("zhang_community"),
        account_row(
            "wang_keeper", role="组织负责人", region="", **{"组织名称或统一社会信用代码": organization.name}
        ),
        account_row("broken", role="民政局"),
    ]
    ledger = check(street, rows, django_capture_on_commit_callbacks)

    ledger, opened = ledger_apply_now(actor=street, ledger_id=ledger.pk)

    assert ledger.status == LedgerStatus.APPLIED, ledger.error
    assert [row[0] for row in opened] == ["zhang_community", "wang_keeper"]
    community = User.objects.unrestricted().get(username="zhang_community")
    assert community.region_id == tree.community_a.code and community.must_change_password
    assert community.check_password(opened[0][3])
    keeper = User.objects.unrestricted().get(username="wang_keeper")
    assert keeper.organization_id == organization.pk and keeper.region_id == organization.community_id
    created = Event.objects.unrestricted().filter(
        action="user.created", subject_id__in=[str(community.pk), str(keeper.pk)]
    )
    assert created.count() == 2
    # Nothing of the passwords is kept: not on the ledger, its rows, or the trail.
    stored = str(list(Event.objects.unrestricted().values_list("details", "reason")))
    stored += str(LedgerImport.objects.unrestricted().filter(pk=ledger.pk).values().get())
    assert opened[0][3] not in stored and opened[1][3] not in stored
    assert not ledger.file

    with pytest.raises(InvalidTransition):
        ledger_apply_now(actor=street, ledger_id=ledger.pk)  # applied already: nothing to give again


def test_the_confirming_page_answers_with_the_passwords_workbook_only_once(
    client, world, tree, personas, django_capture_on_commit_callbacks
):
    street = personas["street_a"]
    ledger = check(street, [account_row("zhang_community")], django_capture_on_commit_callbacks)
    client.force_login(street)

    response = client.post(reverse("ledger-apply", args=[ledger.pk]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("用户名", "姓名", "角色", "一次性密码") and rows[1][0] == "zhang_community"
    assert User.objects.unrestricted().get(username="zhang_community").check_password(rows[1][3])
    again = client.post(reverse("ledger-apply", args=[ledger.pk]))
    assert again.status_code == 302 and again["Content-Type"].startswith("text/html")


def test_another_streets_account_ledger_does_not_exist(
    client, world, tree, personas, django_capture_on_commit_callbacks
):
    ledger = check(personas["street_a"], [account_row("zhang_community")], django_capture_on_commit_callbacks)
    client.force_login(personas["street_b"])

    assert client.get(reverse("ledger-detail", args=[ledger.pk])).status_code == 404
    assert client.post(reverse("ledger-apply", args=[ledger.pk])).status_code == 404
    assert not User.objects.unrestricted().filter(username="zhang_community").exists()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("bureau_district", True),
        ("street_a", True),
        ("community_a", False),
        ("operator", False),
        ("org_a", False),
    ],
)
def test_who_may_open_accounts_from_a_ledger(client, world, tree, personas, persona, allowed):
    client.force_login(personas[persona])

    template = client.get(reverse("ledger-template") + "?kind=accounts")
    uploaded = client.post(
        reverse("ledger-list"), {"kind": "accounts", "file": upload(xlsx_bytes([account_row("x1")], HEADERS))}
    )

    assert (template.status_code == 200) is allowed
    assert (template.status_code == 403) is not allowed
    assert LedgerImport.objects.unrestricted().filter(kind=LedgerKind.ACCOUNTS).exists() is allowed
    assert uploaded.status_code in (302, 403)


def test_the_api_confirms_an_account_ledger_with_the_passwords_workbook(
    world, tree, personas, django_capture_on_commit_callbacks
):
    street = personas["street_a"]
    api_client = APIClient()
    api_client.force_authenticate(street)
    with django_capture_on_commit_callbacks(execute=True):
        created = api_client.post(
            "/api/v1/ledgers/",
            {"kind": "accounts", "file": upload(xlsx_bytes([account_row("zhang_community")], HEADERS))},
            format="multipart",
        )
    assert created.status_code == 202, created.content

    response = api_client.post(f"/api/v1/ledgers/{created.json()['id']}/apply/")

    assert response.status_code == 200
    listed = api_client.get("/api/v1/ledgers/?kind=accounts").json()
    assert [item["kind"] for item in listed["results"]] == ["accounts"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "zhang_community"
    again = api_client.post(f"/api/v1/ledgers/{created.json()['id']}/apply/")
    assert again.status_code == 409


def test_a_bureau_opens_street_accounts_in_any_street_of_its_district(
    client, world, tree, personas, django_capture_on_commit_callbacks
):
    bureau = personas["bureau_district"]
    rows = [
        account_row("b_street", role="街道办事处/乡镇政府", region=tree.street_b.code),
        account_row("c_street", role="街道办事处/乡镇政府", region=tree.street_c.code),  # another district
    ]
    ledger = check(bureau, rows, django_capture_on_commit_callbacks)
    client.force_login(bureau)

    page = client.get(reverse("ledger-detail", args=[ledger.pk])).content.decode()

    assert ledger.counts["create"] == 1 and issues(ledger) == [(3, "辖区代码", "outside_jurisdiction")]
    assert "一次性密码" in page and "批量开设账号" in client.get(reverse("account-list")).content.decode()


def test_through_the_api_another_streets_account_ledger_does_not_exist(
    world, tree, personas, django_capture_on_commit_callbacks
):
    ledger = check(personas["street_a"], [account_row("zhang_community")], django_capture_on_commit_callbacks)
    api_client = APIClient()
    api_client.force_authenticate(personas["street_b"])

    assert api_client.get(f"/api/v1/ledgers/{ledger.pk}/").status_code == 404
    assert api_client.post(f"/api/v1/ledgers/{ledger.pk}/apply/").status_code == 404
    assert not User.objects.unrestricted().filter(username="zhang_community").exists()


def test_a_file_opens_at_most_fifty_accounts(world, tree, personas, django_capture_on_commit_callbacks):
    rows = [account_row(f"user{n}") for n in range(51)]

    ledger = check(personas["street_a"], rows, django_capture_on_commit_callbacks)

    assert ledger.status == LedgerStatus.FAILED and ledger.error_code == "too_many_rows"
    assert "最多开设50个账号" in ledger.error
