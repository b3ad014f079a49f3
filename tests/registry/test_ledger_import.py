"""Importing an organization ledger: the dry run says what each row would do, confirming writes it."""

from __future__ import annotations

import pytest

from core.models import Event
from registry.choices import LedgerStatus
from registry.models import LedgerImport, Organization
from registry.services.ledger import ledger_apply_request, ledger_upload
from tests.exports_support import run_export
from tests.registry.ledger_support import ledger_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def check(actor, content: bytes, capture) -> LedgerImport:
    with capture(execute=True):
        ledger = ledger_upload(actor=actor, upload=upload(content))
    return LedgerImport.objects.for_user(actor).get(pk=ledger.pk)


def apply(actor, ledger: LedgerImport, capture) -> LedgerImport:
    with capture(execute=True):
        ledger_apply_request(actor=actor, ledger_id=ledger.pk)
    return LedgerImport.objects.for_user(actor).get(pk=ledger.pk)


def issues(ledger: LedgerImport) -> list[tuple[int, str, str]]:
    return [
        (i.line, i.column, i.code) for i in ledger.issues.for_user(ledger.uploaded_by).order_by("line", "id")
    ]


def test_it_checks_then_creates_and_updates(world, tree, personas, django_capture_on_commit_callbacks):
    street = personas["street_a"]
    rows = [
        ledger_row(tree.community_a, "幸福里社区读书会"),
        ledger_row(tree.community_a, "幸福里社区邻里互助站", **{"成员人数": 40}),
    ]
    ledger = check(street, xlsx_bytes(rows), django_capture_on_commit_callbacks)

    assert ledger.status == LedgerStatus.READY, ledger.error
    assert ledger.counts["create"] == 1 and ledger.counts["update"] == 1
    assert not Organization.objects.unrestricted().filter(name="幸福里社区读书会").exists()
    changed = ledger.rows.for_user(street).get(line=3)
    assert changed.organization_id == world.orgs["a_filed"].pk and "成员人数" in changed.changes

    ledger = apply(street, ledger, django_capture_on_commit_callbacks)

    assert ledger.status == LedgerStatus.APPLIED, ledger.error
    created = Organization.objects.unrestricted().get(name="幸福里社区读书会")
    assert sorted(created.domains.values_list("name", flat=True)) == ["养老", "志愿服务"]
    assert Organization.objects.unrestricted().get(pk=world.orgs["a_filed"].pk).member_count == 40
    history = created.history.unrestricted().get()
    assert "台账导入" in history.history_change_reason and history.history_user == street
    assert (
        Event.objects.unrestricted().filter(subject_id=str(created.pk), action="organization.created").count()
        == 1
    )
    assert not ledger.file


def test_an_export_imports_back_with_no_changes(world, tree, personas, django_capture_on_commit_callbacks):
    street = personas["street_a"]
    job = run_export(street, "registry.organizations")
    with job.file.open("rb") as handle:
        exported = handle.read()

    ledger = check(street, exported, django_capture_on_commit_callbacks)

    assert ledger.status == LedgerStatus.READY, ledger.error
    assert ledger.counts["create"] == 0 and ledger.counts["update"] == 0 and ledger.counts["errors"] == 0
    assert ledger.counts["unchanged"] == len(world.ids("a_guided", "a_filed", "a_registered", "va_filed"))
    assert not ledger.can_apply


def test_every_bad_row_is_reported_with_its_row_column_and_code(
    world, tree, personas, django_capture_on_commit_callbacks
):
    bad_id = "11010519491231002" + "0"  # wrong check digit
    rows = [
        ledger_row(tree.community_a, "幸福里社区读书会", **{"负责人身份证号": bad_id}),
        ledger_row(tree.community_a, "幸福里社区书法社", **{"区划代码": "990101001099", "社区/村": ""}),
        ledger_row(tree.community_a, "幸福里社区棋牌社", **{"组织类别": "娱乐类"}),
        ledger_row(tree.community_a, "幸福里社区摄影社", **{"成员人数": "十几个"}),
        ledger_row(tree.community_b, "湖畔社区舞蹈队", **{"区划代码": tree.village_c.code}),
        ledger_row(tree.community_a, "幸福里社区舞蹈队"),
        ledger_row(tree.community_a, "幸福里社区舞蹈队"),
        ledger_row(tree.community_a, "幸福里社区　邻里互助站"),
        ledger_row(tree.community_a, "幸福里社区夕阳红合唱社"),
    ]
    ledger = check(personas["street_a"], xlsx_bytes(rows), django_capture_on_commit_callbacks)

    assert ledger.status == LedgerStatus.READY, ledger.error
    found = issues(ledger)
    assert (2, "负责人身份证号", "checksum") in found
    assert (3, "区划代码", "unknown_community") in found
    assert (4, "组织类别", "unknown_choice") in found
    assert (5, "成员人数", "not_a_number") in found
    assert (6, "区划代码", "outside_jurisdiction") in found
    assert (8, "组织名称", "duplicate_in_file") in found
    assert (9, "组织名称", "near_duplicate") in found  # 邻里互助站 exists, without the full-width space
    assert (10, "组织名称", "near_duplicate") in found  # 夕阳红合唱队 exists
    assert ledger.counts["create"] == 3 and ledger.counts["error"] == 6
    message = ledger.issues.for_user(personas["street_a"]).get(line=6).message
    assert "不在您的辖区内" in message


def test_applying_writes_the_valid_rows_only_and_all_of_them(
    world, tree, personas, django_capture_on_commit_callbacks
):
    street = personas["street_a"]
    rows = [ledger_row(tree.community_a, f"幸福里社区兴趣小组{n}号组") for n in range(30)]
    rows.append(ledger_row(tree.community_a, "幸福里社区坏数据队", **{"成员人数": "很多"}))
    ledger = apply(
        street,
        check(street, xlsx_bytes(rows), django_capture_on_commit_callbacks),
        django_capture_on_commit_callbacks,
    )

    assert ledger.status == LedgerStatus.APPLIED
    names = set(Organization.objects.unrestricted().values_list("name", flat=True))
    assert {f"幸福里社区兴趣小组{n}号组" for n in range(30)} <= names
    assert "幸福里社区坏数据队" not in names


def test_a_street_cannot_import_into_another_jurisdiction(
    world, tree, personas, django_capture_on_commit_callbacks
):
    rows = [ledger_row(tree.community_b, "湖畔社区读书会"), ledger_row(tree.village_c, "松林村读书会")]
    ledger = check(personas["street_a"], xlsx_bytes(rows), django_capture_on_commit_callbacks)

    assert [code for _, _, code in issues(ledger)] == ["outside_jurisdiction", "outside_jurisdiction"]
    assert not ledger.can_apply
    # Nor can it confirm another street's ledger: it does not exist for it.
    other = check(personas["street_b"], xlsx_bytes([rows[0]]), django_capture_on_commit_callbacks)
    with pytest.raises(LedgerImport.DoesNotExist):
        ledger_apply_request(actor=personas["street_a"], ledger_id=other.pk)


def test_a_street_cannot_import_registered_organizations(
    world, tree, personas, django_capture_on_commit_callbacks
):
    row = ledger_row(tree.community_a, "幸福里社区慈善协会", **{"管理方式": "依法登记"})
    ledger = check(personas["street_a"], xlsx_bytes([row]), django_capture_on_commit_callbacks)

    assert (2, "管理方式", "tier_not_allowed") in issues(ledger)


def test_roles_that_do_not_import_are_refused(world, personas):
    from django.core.exceptions import PermissionDenied

    for persona in ("community_a", "operator", "org_a"):
        with pytest.raises(PermissionDenied):
            ledger_upload(actor=personas[persona], upload=upload(b"x"))


def test_the_pages_show_the_dry_run_and_confirm(
    world, tree, personas, client, django_capture_on_commit_callbacks
):
    client.force_login(personas["street_a"])
    assert client.get("/ledgers/template.xlsx").status_code == 200
    content = xlsx_bytes([ledger_row(tree.community_a, "幸福里社区读书会")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ledgers/", {"file": upload(content)})
    ledger = LedgerImport.objects.for_user(personas["street_a"]).get()
    assert response.status_code == 302 and response["Location"] == f"/ledgers/{ledger.pk}/"
    page = client.get(f"/ledgers/{ledger.pk}/?show=create").content.decode()
    assert "幸福里社区读书会" in page and "确认导入" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ledgers/{ledger.pk}/apply/")
    assert Organization.objects.unrestricted().filter(name="幸福里社区读书会").exists()
    assert client.get(f"/ledgers/{ledger.pk}/status/").json()["status"] == LedgerStatus.APPLIED


def test_the_api_uploads_lists_errors_and_applies(
    world, tree, personas, client, django_capture_on_commit_callbacks
):
    client.force_login(personas["street_a"])
    rows = [
        ledger_row(tree.community_a, "幸福里社区读书会"),
        ledger_row(tree.community_a, "坏行", **{"成员人数": "x"}),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/ledgers/", {"file": upload(xlsx_bytes(rows))})
    assert response.status_code == 202, response.content
    pk = response.json()["id"]
    body = client.get(f"/api/v1/ledgers/{pk}/").json()
    assert body["status"] == LedgerStatus.READY and body["counts"]["create"] == 1
    found = client.get(f"/api/v1/ledgers/{pk}/issues/").json()["results"]
    assert found == [
        {
            "line": 3,
            "column": "成员人数",
            "code": "not_a_number",
            "message": found[0]["message"],
            "is_warning": False,
        }
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/api/v1/ledgers/{pk}/apply/").status_code == 202
    assert client.get(f"/api/v1/ledgers/{pk}/").json()["status"] == LedgerStatus.APPLIED
    assert client.post(f"/api/v1/ledgers/{pk}/apply/").json()["code"] == "invalid_transition"


@pytest.mark.parametrize("size", [5, 150])
def test_the_result_page_costs_the_same_whatever_the_file_size(
    world, tree, personas, client, size, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    street = personas["street_a"]
    rows = [
        ledger_row(tree.community_a, f"幸福里社区兴趣小组{n}号组", **{"成员人数": "x" if n % 2 else 9})
        for n in range(size)
    ]
    ledger = check(street, xlsx_bytes(rows), django_capture_on_commit_callbacks)
    client.force_login(street)
    for show in ("errors", "create"):
        with django_assert_max_num_queries(12):
            assert client.get(f"/ledgers/{ledger.pk}/?show={show}").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(f"/api/v1/ledgers/{ledger.pk}/issues/").status_code == 200
    assert client.get(f"/ledgers/{ledger.pk}/issues.xlsx").status_code == 200


def test_the_template_has_the_export_columns_lists_and_explanations(world, personas, client):
    import io

    from openpyxl import load_workbook

    from registry.ledger.columns import ORGANIZATION_COLUMNS

    client.force_login(personas["street_a"])
    workbook = load_workbook(io.BytesIO(client.get("/ledgers/template.xlsx").content))
    data, notes = workbook["组织台账"], workbook["填写说明"]
    imported = [column.header for column in ORGANIZATION_COLUMNS if column.imported]
    assert [cell.value for cell in data[1]] == imported
    validated = {str(rule.sqref).split(":")[0] for rule in data.data_validations.dataValidation}
    assert {
        "B2",
        "C2",
        "D2",
        "E2",
        "P2",
    } <= validated  # tier, category, domains, target groups, Party building
    categories = workbook["选项"]
    assert "居民互助类" in [cell.value for cell in categories["C"]]
    assert [row[0].value for row in notes.iter_rows(min_row=2, max_row=len(imported) + 1)] == imported
    client.force_login(personas["community_a"])
    assert client.get("/ledgers/template.xlsx").status_code == 403


def test_a_message_quoting_a_cell_masks_personal_numbers(
    world, tree, personas, django_capture_on_commit_callbacks
):
    id_number = "11010519491231002X"
    row = ledger_row(
        tree.community_a, "幸福里社区读书会", **{"成立日期": id_number, "成员人数": "13912345678"}
    )
    ledger = check(personas["street_a"], xlsx_bytes([row]), django_capture_on_commit_callbacks)

    messages = " ".join(ledger.issues.for_user(personas["street_a"]).values_list("message", flat=True))
    assert id_number not in messages and "13912345678" not in messages and "****" in messages
