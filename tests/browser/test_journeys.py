"""The journeys of issue-sized user stories, walked in Chromium as each role would walk them.

An applicant files a group's application and uploads its materials, the community committee gives its
opinion, the street clerk confirms the approval and downloads the certificate, the applicant (now the
organization's account) reads its page and the notice, the public checks the certificate at the address
printed on it, an organization reads its own page on a phone, and a city bureau drills its quota
dashboard down to a street.
"""

from __future__ import annotations

import io
import re

import pytest
from celery import current_app
from pypdf import PdfReader

import assessment.tasks
from assessment import services as quota
from assessment.models import QuotaPolicy, QuotaRule
from assessment.presets import install_presets
from filing.choices import ApplicationState, MaterialKind
from filing.models import Certificate, FilingApplication
from filing.services.proposals import REQUIRED_MATERIALS
from registry.choices import Role
from registry.services import notification_send
from tests.conftest import PASSWORD, make_user, valid_resident_id
from tests.filing.conftest import PDF

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

GROUP = "幸福里社区银龄志愿服务队"


@pytest.fixture(autouse=True)
def tasks_in_process():
    """What the pages queue (a certificate to render) runs in the live server's own process."""
    conf = current_app.conf
    saved = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager = conf.task_eager_propagates = True
    yield
    conf.task_always_eager, conf.task_eager_propagates = saved


def fill_application(page, community_code: str) -> None:
    page.locator("[name=community]").select_option(community_code)
    page.locator("[name=contact_name]").fill("刘桂兰")
    page.locator("[name=contact_phone]").fill("13911112222")
    page.locator("[name=name]").fill(GROUP)
    page.locator("[name=category]").select_option(label="公益慈善类")
    page.locator("[name=founded_on]").fill("2025-05-01")
    page.locator("[name=venue]").fill("幸福里社区党群服务中心二楼")
    page.locator("[name=member_count]").fill("15")
    page.locator("[name=leader_name]").fill("刘桂兰")
    page.locator("[name=leader_id_number]").fill(valid_resident_id())
    page.locator("[name=leader_phone]").fill("13911112222")
    for name, value in (("domains", "elderly"), ("target_groups", "elderly"), ("funding_sources", "dues")):
        page.locator(f"[name={name}][value={value}]").check()


def upload_required_materials(page) -> None:
    """Each line of the checklist takes its files; the roster in two pages at once."""
    for kind in REQUIRED_MATERIALS["new"]:
        line = page.locator(f"#materials li[data-kind={kind}]")
        assert line.get_by_text("未上传").is_visible()
        pages = 2 if kind == MaterialKind.ROSTER else 1
        line.locator("input[type=file]").set_input_files(
            files=[
                {"name": f"{MaterialKind(kind).label}{n}.pdf", "mimeType": "application/pdf", "buffer": PDF}
                for n in range(1, pages + 1)
            ]
        )
        line.get_by_role("button", name="上传", exact=True).click()
        page.wait_for_load_state()
        assert page.locator(f"#materials li[data-kind={kind}]").get_by_text(f"已上传 {pages} 份").is_visible()


def test_a_group_is_filed_approved_and_its_certificate_verified_by_the_public(
    journeys, personas, tree, vocabularies
):
    make_user("applicant", Role.APPLICANT)
    applicant = journeys("applicant")
    applicant.sign_in("applicant", PASSWORD)
    applicant.page.goto("/filing/applications/new/")
    fill_application(applicant.page, tree.community_a.code)
    applicant.shot("application-form")
    applicant.page.get_by_role("button", name="保存草稿").click()
    applicant.page.wait_for_load_state()
    application = FilingApplication.objects.unrestricted().get(proposal__name=GROUP)
    detail = f"/filing/applications/{application.pk}/"
    assert applicant.page.url.endswith(detail)
    upload_required_materials(applicant.page)
    applicant.shot("materials")
    applicant.page.locator("#commitment").check()
    applicant.page.get_by_role("button", name="提交申请").click()
    applicant.page.wait_for_load_state()
    applicant.shot("submitted")
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED and application.receipt_number

    committee = journeys("community-committee")
    committee.sign_in("community_a", PASSWORD)
    committee.page.goto("/")
    committee.shot("to-do")  # the application waits for the committee's opinion
    committee.page.goto(detail)
    committee.page.get_by_label("同意备案", exact=True).check()
    committee.page.locator("[name=note]").fill("经核实，该组织成员均为本社区居民，活动场所属实。")
    committee.shot("opinion")
    committee.page.get_by_role("button", name="提交社区意见").click()
    committee.page.wait_for_load_state()
    application.refresh_from_db()
    assert application.state == ApplicationState.OPINION_GIVEN

    clerk = journeys("street-clerk")
    clerk.sign_in("street_a", PASSWORD)
    clerk.shot("workbench")
    clerk.page.goto(detail)
    clerk.page.get_by_role("button", name="准予备案").click()
    clerk.page.wait_for_load_state()
    clerk.shot("confirm")  # an irreversible step says what will happen first
    assert "此操作不能撤回" in clerk.page.content()
    clerk.page.get_by_role("button", name="确认准予备案").click()
    clerk.page.wait_for_load_state()
    clerk.shot("approved")
    assert "已准予备案" in clerk.page.content()

    certificate = Certificate.objects.unrestricted().get(organization__name=GROUP)
    clerk.page.goto(f"/organizations/{certificate.organization_id}/")
    clerk.shot("organization")
    with clerk.page.expect_download() as download:
        clerk.page.get_by_role("link", name="下载备案证书（PDF）").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")

    # The applicant is now the organization's account: its page, and the notice of the approval.
    applicant.page.goto("/")
    applicant.shot("organization-home")
    assert GROUP in applicant.page.content()
    applicant.page.goto("/notifications/")
    applicant.shot("notifications")
    assert GROUP in applicant.page.content() and "准予备案" in applicant.page.content()

    # The public checks the certificate at the address printed on it.
    # The address may wrap on the certificate: read it with line breaks and spaces taken out.
    text = "".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(pdf)).pages)
    printed = re.search(r"/public/verify/([\w-]+)/", re.sub(r"\s+", "", text))
    assert printed and printed.group(1) == certificate.verification_code
    public = journeys("public", phone=True)
    public.page.goto(printed.group(0))
    public.shot("verified")
    page = public.page.content()
    assert GROUP in page and certificate.filing_number in page
    assert "未查到该证书" not in page


def test_an_organization_reads_its_own_page_on_a_phone(journeys, personas, world):
    organization = journeys("organization", phone=True)
    organization.sign_in("org_a", PASSWORD)
    organization.shot("home")
    assert "幸福里社区夕阳红合唱队" in organization.page.content()
    fits = organization.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the organization's home scrolls sideways on a 390 px screen"


def test_the_public_searches_the_directory_on_a_phone(journeys, personas, world):
    visitor = journeys("public", phone=True)
    visitor.page.goto("/")
    visitor.shot("portal")
    visitor.page.get_by_role("searchbox", name="组织名称或拼音").fill("xyh")
    visitor.page.get_by_role("button", name="查询").click()
    visitor.page.wait_for_load_state()
    visitor.shot("directory")
    assert "幸福里社区夕阳红合唱队" in visitor.page.content()
    assert visitor.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_bureau_drills_its_dashboard_down_to_a_street(journeys, personas, tree, world, monkeypatch):
    install_presets(QuotaPolicy, QuotaRule)
    policy = quota.policy_copy(
        actor=personas["bureau_city"],
        source=QuotaPolicy.objects.unrestricted().get(preset="beijing", jurisdiction=None),
        jurisdiction=tree.city,
    )
    task = assessment.tasks.run_quota_report
    report = quota.report_request(actor=personas["bureau_city"], policy=policy, region=tree.city)
    task.apply(args=[report.pk])

    bureau = journeys("bureau")
    bureau.sign_in("bureau_city", PASSWORD)
    bureau.page.goto("/quota/")
    bureau.shot("city")
    assert "清河市" in bureau.page.content()
    bureau.page.get_by_role("link", name="临江区").first.click()
    bureau.page.wait_for_load_state()
    bureau.shot("district")
    bureau.page.get_by_role("link", name="江滨街道").first.click()
    bureau.page.wait_for_load_state()
    bureau.shot("street")
    assert "幸福里社区" in bureau.page.content()


NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize("persona", ["street_a", "bureau_city", "operator", "community_a", "org_a"])
def test_no_page_scrolls_sideways_on_a_laptop_or_a_phone(journeys, personas, world, persona):
    for phone in (False, True):
        visitor = journeys(f"{persona}-{'phone' if phone else 'laptop'}", phone=phone)
        visitor.sign_in(persona, PASSWORD)
        for path in ("/", "/organizations/", "/notifications/"):
            visitor.page.goto(path)
            assert visitor.page.evaluate(NO_SIDEWAYS_SCROLL), f"{path} scrolls sideways for {persona}"
        visitor.shot("last")


def test_a_list_reads_as_cards_on_a_phone_with_its_filters_folded(journeys, personas, world):
    clerk = journeys("street-clerk", phone=True)
    clerk.sign_in("street_a", PASSWORD)
    clerk.page.goto("/organizations/")
    clerk.shot("organizations")
    filters = clerk.page.locator("details.list-filters")
    assert filters.get_attribute("open") is None  # folded: the list is on the first screen
    first_row = clerk.page.locator("table.table-stacked tbody tr").first
    assert first_row.is_visible()
    assert first_row.locator("td[data-label='管理方式']").is_visible()
    assert not clerk.page.locator("table.table-stacked thead").is_visible()
    clerk.page.goto("/organizations/?tier=filed")  # filters in use stay open
    assert clerk.page.locator("details.list-filters").get_attribute("open") is not None


# A heading's action buttons (开设账号, 逾期 2 …) beside a long page intro: on a phone the row wraps
# and each button keeps its label on one line rather than stacking it a character a line.
WRAPPED_BUTTONS = """() => Array.from(document.querySelectorAll("h1")).flatMap((heading) =>
  Array.from(heading.parentElement.parentElement.querySelectorAll(".btn"))
).filter((button) => button.getClientRects().length && button.getBoundingClientRect().height > 45)
 .map((button) => button.innerText)"""


def test_heading_buttons_keep_their_labels_on_one_line_on_a_phone(journeys, personas, world):
    clerk = journeys("street-clerk", phone=True)
    clerk.sign_in("street_a", PASSWORD)
    for path in ("/accounts/", "/filing/workbench/", "/organizations/"):
        clerk.page.goto(path)
        assert clerk.page.evaluate(WRAPPED_BUTTONS) == [], f"{path} squeezes its heading's buttons"
    clerk.shot("workbench")


SQUEEZED_BUTTONS = """() => Array.from(document.querySelectorAll(".btn"))
  .filter((button) => button.getClientRects().length && button.getBoundingClientRect().height > 45)
  .map((button) => button.innerText)"""


def test_the_quota_pages_keep_their_buttons_on_one_line_on_a_phone(journeys, personas, world):
    install_presets(QuotaPolicy, QuotaRule)
    quota.policy_copy(
        actor=personas["bureau_city"],
        source=QuotaPolicy.objects.unrestricted().get(preset="beijing", jurisdiction=None),
        jurisdiction=personas["bureau_city"].region,
    )
    bureau = journeys("bureau", phone=True)
    bureau.sign_in("bureau_city", PASSWORD)
    for path in ("/quota/", "/quota/policies/"):
        bureau.page.goto(path)
        assert bureau.page.evaluate(SQUEEZED_BUTTONS) == [], f"{path} squeezes a button's label"
    bureau.shot("policies")


OFF_SCREEN_LINKS = """() => Array.from(document.querySelectorAll("nav[aria-label='信息公开导航'] a"))
  .filter((link) => link.getBoundingClientRect().right > window.innerWidth)
  .map((link) => link.innerText)"""


def test_every_public_menu_entry_is_on_a_phones_screen(journeys, world):
    visitor = journeys("public", phone=True)
    visitor.page.goto("/public/verify/")
    assert visitor.page.evaluate(OFF_SCREEN_LINKS) == []  # 登录 among them
    visitor.shot("verify")


def test_a_phone_shows_the_unread_count_with_the_menu_folded(journeys, personas, world):
    notification_send(user=personas["street_a"], title="【待审核】新设备案", body="请办结。", url="/")
    clerk = journeys("street-clerk", phone=True)
    clerk.sign_in("street_a", PASSWORD)
    unread = clerk.page.get_by_title("未读消息").filter(visible=True)
    assert unread.inner_text() == "消息 1"
    unread.click()
    clerk.page.wait_for_load_state()
    assert clerk.page.url.endswith("/notifications/")
    clerk.shot("notifications")
