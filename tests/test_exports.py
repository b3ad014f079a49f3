"""Exports of lists: run as jobs for the one user who asked, in that user's scope and with the page's
filters; personal data masked unless the role manages the record and asked (then on the trail); files
only for their requester, until they expire. Every workbook, large or small, never carries a formula."""

from __future__ import annotations

import datetime
import io
import os
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from openpyxl import load_workbook

import core.tasks
from core.errors import Unavailable
from core.export_jobs import QUEUE_DOWN, ExportAction, export_cleanup, export_request, export_run
from core.exports import workbook_bytes
from core.models import Event, ExportJob, ExportStatus
from registry.choices import Tier
from registry.identifiers import mask_phone, mask_resident_id
from registry.ledger.columns import HEADERS
from registry.ledger.talent import TALENT_COLUMNS
from tests.conftest import make_organization
from tests.exports_support import data_rows, run_export, sheet_of

TYPED = ['=HYPERLINK("http://example.invalid","点此")', "+1+1", "-2+3", "@SUM(A1:A2)", "普通名称", 12, -3]
ORGS = "registry.organizations"
ID, PHONE = HEADERS.index("负责人身份证号"), HEADERS.index("负责人手机号")


def events(job: ExportJob, action: str) -> list[Event]:
    return list(Event.objects.unrestricted().filter(subject_id=str(job.pk), action=action))


# -- the writer ------------------------------------------------------------------------------------


def test_text_that_looks_like_a_formula_is_written_as_text():
    sheet = load_workbook(io.BytesIO(workbook_bytes("表", ["值"], [[value] for value in TYPED]))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == TYPED
    assert [cell.data_type for cell in cells] == ["s", "s", "s", "s", "s", "n", "n"]
    assert [cell.quotePrefix for cell in cells[:4]] == [True] * 4  # stays text when edited


@pytest.mark.django_db
def test_the_organization_export_writes_a_formula_name_as_text(personas, tree):
    make_organization(tree.community_a, name='=HYPERLINK("http://example.invalid","幸福里社区")服务队')
    sheet = sheet_of(run_export(personas["street_a"], ORGS))
    names = [row[0] for row in sheet.iter_rows(min_row=2)]
    formula = [cell for cell in names if str(cell.value).startswith("=")]
    assert formula and all(cell.data_type == "s" for cell in formula)


@pytest.mark.django_db
def test_sheets_are_laid_out_for_printing(personas, world):
    sheet = sheet_of(run_export(personas["street_a"], "registry.federations"))
    assert sheet.freeze_panes == "A3"  # group headers, then column headers, stay in view
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    assert "E1:I1" in merged and sheet["E1"].value == "会员组织"
    assert sheet["A2"].value == "联合会" and sheet["E2"].value == "会员组织"
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["C"].width
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$2"


@pytest.mark.django_db
def test_the_organization_export_has_the_ledgers_layout_to_import_back(personas, world):
    sheet = sheet_of(run_export(personas["street_a"], ORGS))
    assert not sheet.merged_cells.ranges and sheet.freeze_panes == "A2"
    assert tuple(cell.value for cell in sheet[1]) == HEADERS


@pytest.mark.django_db
def test_the_talent_export_has_the_ledgers_layout_to_import_back(personas, world):
    sheet = sheet_of(run_export(personas["street_a"], "registry.social_workers"))
    assert not sheet.merged_cells.ranges and sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == [column.header for column in TALENT_COLUMNS]


# -- scope and filters -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("street_a", {"a_guided", "a_filed", "a_registered", "va_filed"}),
        ("street_b", {"b_filed", "b_registered"}),
        ("bureau_district_b", {"c_filed"}),
        ("community_a", {"a_guided", "a_filed", "a_registered"}),
    ],
)
def test_an_export_holds_only_the_users_jurisdiction(personas, world, persona, expected):
    rows = data_rows(run_export(personas[persona], ORGS))
    assert {row[0] for row in rows} == {world.orgs[key].name for key in expected}


@pytest.mark.django_db
def test_a_region_outside_the_jurisdiction_is_refused_not_exported(personas, world, tree):
    with pytest.raises(ValidationError) as refused:
        export_request(actor=personas["street_a"], name=ORGS, params={"region": tree.street_b.code})
    assert "region" in refused.value.message_dict
    assert not ExportJob.objects.unrestricted().exists()


@pytest.mark.django_db
def test_the_pages_filters_are_honoured(personas, world, tree):
    street = personas["street_a"]
    assert {row[0] for row in data_rows(run_export(street, ORGS, tier=Tier.FILED))} == {
        world.orgs["a_filed"].name,
        world.orgs["va_filed"].name,
    }
    assert [row[0] for row in data_rows(run_export(street, ORGS, region=tree.village_a.code))] == [
        world.orgs["va_filed"].name
    ]
    assert [row[0] for row in data_rows(run_export(street, ORGS, q="文体"))] == [
        world.orgs["a_registered"].name
    ]


# -- personal data ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_personal_data_is_masked_by_default_and_nothing_is_audited_as_revealed(personas, world):
    job = run_export(personas["street_a"], ORGS)
    org = world.orgs["a_filed"]
    row = next(row for row in data_rows(job) if row[0] == org.name)
    assert (row[ID], row[PHONE]) == (mask_resident_id(org.leader_id_number), mask_phone(org.leader_phone))
    assert not events(job, ExportAction.PERSONAL_DATA)


@pytest.mark.django_db
def test_a_full_export_reveals_only_the_tiers_the_role_manages_and_is_audited(personas, world):
    job = run_export(personas["street_a"], ORGS, reveal=True)
    rows = {row[0]: row for row in data_rows(job)}
    for key in ("a_guided", "a_filed", "va_filed"):  # the street manages filed and guided organizations
        org = world.orgs[key]
        assert (rows[org.name][ID], rows[org.name][PHONE]) == (org.leader_id_number, org.leader_phone)
    registered = world.orgs["a_registered"]  # the bureau's: stays masked
    assert rows[registered.name][ID] == mask_resident_id(registered.leader_id_number)
    [audit] = events(job, ExportAction.PERSONAL_DATA)
    assert audit.actor == personas["street_a"] and audit.details["rows"] == 3
    assert registered.leader_id_number not in str(audit.details)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["operator", "org_a"])
def test_roles_that_manage_no_record_cannot_ask_for_personal_data(personas, world, persona):
    with pytest.raises(ValidationError) as refused:
        export_request(actor=personas[persona], name=ORGS, params={}, reveal=True)
    assert refused.value.error_dict["reveal"][0].code == "permission_denied"
    assert not ExportJob.objects.unrestricted().exists()


@pytest.mark.django_db
def test_each_download_of_a_full_export_is_audited(client, personas, world):
    job = run_export(personas["street_a"], ORGS, reveal=True)
    client.force_login(personas["street_a"])
    assert client.get(reverse("export-download", args=[job.pk])).status_code == 200
    assert len(events(job, ExportAction.DOWNLOADED)) == 1


# -- the job's life --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_job_goes_from_queued_to_done_with_its_file(personas, world):
    job = export_request(actor=personas["street_a"], name=ORGS, params={"tier": Tier.FILED, "page": "3"})
    assert (job.status, job.query, job.file.name) == (ExportStatus.QUEUED, {"tier": [Tier.FILED]}, "")
    assert events(job, ExportAction.REQUESTED)[0].details["filters"] == {"tier": [Tier.FILED]}
    job = export_run(job_id=job.pk)
    assert (job.status, job.progress, job.row_count, job.total) == (ExportStatus.DONE, 100, 2, 2)
    assert job.file.name.startswith("exports/") and job.expires_at > timezone.now()
    assert export_run(job_id=job.pk).file.name == job.file.name  # a redelivered task leaves it as it is


@pytest.mark.django_db
def test_a_job_that_breaks_is_marked_failed_with_a_reason(personas, world, monkeypatch):
    job = export_request(actor=personas["street_a"], name=ORGS, params={})

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("core.export_jobs.write_sheets", broken)
    job = export_run(job_id=job.pk)
    assert (job.status, job.stage, job.file.name) == (ExportStatus.FAILED, "导出失败", "")
    assert job.error and "disk full" not in job.error  # the class of error, not the system's words


@pytest.mark.django_db
def test_a_job_of_a_list_no_longer_offered_fails_instead_of_waiting(personas):
    job = ExportJob.objects.unrestricted().create(
        kind="registry.gone", title="旧列表", requested_by=personas["street_a"]
    )
    assert export_run(job_id=job.pk).status == ExportStatus.FAILED


@pytest.mark.django_db
def test_expired_files_are_deleted_and_no_longer_offered(client, personas, world):
    job = run_export(personas["street_a"], ORGS)
    path = job.file.path
    assert export_cleanup(now=job.expires_at - datetime.timedelta(minutes=1)) == 0
    assert export_cleanup(now=job.expires_at + datetime.timedelta(minutes=1)) == 1
    job.refresh_from_db()
    assert job.status == ExportStatus.EXPIRED and not job.file
    assert not os.path.exists(path)
    client.force_login(personas["street_a"])
    assert client.get(reverse("export-download", args=[job.pk])).status_code == 404


# -- pages -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_button_queues_a_job_with_the_pages_filters(client, personas, world):
    client.force_login(personas["street_a"])
    page = client.get(reverse("organization-list"), {"tier": Tier.FILED, "page": "1"})
    assert 'name="list" value="registry.organizations"' in page.content.decode()
    assert 'name="reveal"' in page.content.decode()  # the street manages some tiers
    response = client.post(
        f"{reverse('export-start')}?tier={Tier.FILED}", {"list": ORGS, "next": "/organizations/"}
    )
    job = ExportJob.objects.for_user(personas["street_a"]).get()
    assert response.status_code == 302 and response["Location"] == reverse("export-detail", args=[job.pk])
    assert (job.query, job.reveal, job.status) == ({"tier": [Tier.FILED]}, False, ExportStatus.QUEUED)
    detail = client.get(response["Location"]).content.decode()
    assert reverse("export-status", args=[job.pk]) in detail
    status = client.get(reverse("export-status", args=[job.pk])).json()
    assert (status["status"], status["finished"]) == (ExportStatus.QUEUED, False)


@pytest.mark.django_db
def test_the_button_posts_with_a_csrf_token_a_browser_would_send(personas, world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas["street_a"])
    page = browser.get(reverse("organization-list")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = browser.post(reverse("export-start"), {"list": ORGS, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and ExportJob.objects.for_user(personas["street_a"]).exists()


@pytest.mark.django_db
def test_the_button_offers_no_personal_data_to_a_role_that_manages_none(client, personas, world):
    client.force_login(personas["operator"])
    page = client.get(reverse("organization-list")).content.decode()
    assert 'name="list" value="registry.organizations"' in page and 'name="reveal"' not in page


@pytest.mark.django_db
def test_a_bad_filter_is_said_on_the_list_page_and_queues_nothing(client, personas, world, tree):
    client.force_login(personas["street_a"])
    response = client.post(
        f"{reverse('export-start')}?region={tree.village_c.code}",
        {"list": ORGS, "next": "/organizations/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/organizations/"
    assert "未能导出" in response.content.decode()
    assert not ExportJob.objects.unrestricted().exists()


@pytest.mark.django_db
def test_an_unknown_list_is_not_found(client, personas):
    client.force_login(personas["street_a"])
    assert client.post(reverse("export-start"), {"list": "registry.nothing"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["export-detail", "export-status", "export-download"])
def test_only_the_requester_sees_the_job_and_its_file(client, personas, world, admin_user, name):
    job = run_export(personas["street_a"], ORGS)
    for other in (personas["bureau_city"], personas["street_b"], admin_user):
        client.force_login(other)
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    client.force_login(personas["street_a"])
    response = client.get(reverse(name, args=[job.pk]))
    assert response.status_code == 200
    if name == "export-download":
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_my_exports_lists_only_my_own(client, personas, world):
    mine = run_export(personas["street_a"], ORGS)
    run_export(personas["street_b"], ORGS)
    client.force_login(personas["street_a"])
    listed = client.get(reverse("export-list")).context["object_list"]
    assert [job.pk for job in listed] == [mine.pk]


@pytest.mark.django_db
def test_a_list_the_role_may_not_use_cannot_be_exported(personas):
    with pytest.raises(PermissionDenied):
        export_request(actor=personas["org_a"], name="incubation.services", params={})


# -- queries ---------------------------------------------------------------------------------------


def _queries_for_export(user) -> int:
    job = export_request(actor=user, name=ORGS, params={}, reveal=True)
    with CaptureQueriesContext(connection) as queries:
        export_run(job_id=job.pk)
    assert ExportJob.objects.unrestricted().get(pk=job.pk).status == ExportStatus.DONE
    return len(queries)


@pytest.mark.django_db
def test_the_query_count_of_a_run_does_not_grow_with_rows(personas, tree):
    few = _queries_for_export(personas["street_a"])
    for n in range(25):
        make_organization(tree.village_a if n % 2 else tree.community_a, name=f"幸福里社区第{n}服务队")
    assert _queries_for_export(personas["street_a"]) == few


# -- the task queue ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_worker_task_runs_the_job_once_the_request_commits(
    personas, world, monkeypatch, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a broker configured, as in production
    task = core.tasks.run_export
    monkeypatch.setattr(
        core.tasks, "run_export", SimpleNamespace(apply_async=lambda args, queue=None: task.apply(args))
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = export_request(actor=personas["street_a"], name=ORGS, params={})
    job.refresh_from_db()
    assert (job.status, job.row_count) == (ExportStatus.DONE, 4) and job.task_id


@pytest.mark.django_db
def test_with_the_task_queue_down_the_job_fails_at_once_and_says_why(
    personas, world, monkeypatch, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def refuse(args, queue=None):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(core.tasks, "run_export", SimpleNamespace(apply_async=refuse))
    with pytest.raises(Unavailable), django_capture_on_commit_callbacks(execute=True):
        export_request(actor=personas["street_a"], name=ORGS, params={})
    job = ExportJob.objects.for_user(personas["street_a"]).get()
    assert (job.status, job.error) == (ExportStatus.FAILED, QUEUE_DOWN)


@pytest.mark.django_db
def test_without_a_broker_the_job_waits_for_the_response_to_be_sent(
    personas, world, monkeypatch, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the embedded setup: tasks run in this process
    task = core.tasks.run_export
    monkeypatch.setattr(core.tasks, "run_export", SimpleNamespace(delay=lambda *args: task.apply(args)))
    from core import background

    background._state.held = []  # inside a request (AfterResponseMiddleware)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = export_request(actor=personas["street_a"], name=ORGS, params={})
        job.refresh_from_db()
        assert job.status == ExportStatus.QUEUED  # the response goes out first
        background.run_held_tasks()
    finally:
        background._state.held = None
    job.refresh_from_db()
    assert (job.status, job.row_count) == (ExportStatus.DONE, 4)


@pytest.mark.django_db
def test_the_hourly_task_cleans_expired_files(personas, world):
    job = run_export(personas["street_a"], ORGS)
    ExportJob.objects.unrestricted().filter(pk=job.pk).update(expires_at=timezone.now())
    assert core.tasks.clean_exports.apply().get() == 1
