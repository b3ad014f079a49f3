"""The public receipt lookup (回执号查询): exact, anonymous, rate-limited, and free of personal data."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from filing import services
from filing.models import FilingApplication
from tests.filing.conftest import advance

URL = reverse("public-status")
NOT_FOUND = "未查询到该回执号，请核对后重试"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def lookup(client, receipt, **extra):
    return client.get(URL, {"receipt": receipt}, **extra)


def test_it_shows_an_empty_form_without_counting_a_lookup(client, db, settings):
    settings.PUBLIC_LOOKUP_RATE = (1, 600)
    for _ in range(3):
        response = client.get(URL)
        assert response.status_code == 200
        assert 'name="receipt"' in response.content.decode()
    assert lookup(client, "BA2345678923").status_code == 200


def test_it_shows_the_state_and_no_personal_data(client, personas, draft):
    application = advance(personas, draft, "submitted")
    response = lookup(client, application.receipt_number)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-state="submitted"' in page and "已提交" in page
    for shown in ("新设备案", "幸福里社区银龄志愿服务队", "幸福里社区", "江滨街道", "社区初审期限"):
        assert shown in page, shown
    due = application.opinion_due
    assert f"{due.year}年{due.month}月{due.day}日" in page
    proposal = application.proposal
    for hidden in (
        proposal["leader_name"],
        proposal["leader_id_number"],
        proposal["leader_phone"],
        application.contact_phone,
        application.contact_name,
        proposal["venue"],
    ):
        assert hidden not in page, hidden
    assert "noindex" in page


def test_it_shows_the_street_deadline_once_the_committee_has_given_its_opinion(client, personas, draft):
    application = advance(personas, draft, "opinion_given")
    page = lookup(client, application.receipt_number).content.decode()
    assert "社区已初审" in page and "街道办结期限" in page


def test_it_shows_the_reason_of_a_return(client, personas, draft):
    advance(personas, draft, "submitted")
    returned = services.application_return(
        actor=personas["community_a"], application_id=draft.pk, reason="成员名册缺少本人签名"
    )
    page = lookup(client, returned.receipt_number).content.decode()
    assert 'data-state="returned"' in page and "退回补正" in page
    assert "补正意见" in page and "成员名册缺少本人签名" in page


def test_it_shows_the_reason_of_a_refusal(client, personas, draft):
    advance(personas, draft, "opinion_given")
    rejected = services.application_reject(
        actor=personas["street_a"], application_id=draft.pk, reason="活动场所无法核实"
    )
    page = lookup(client, rejected.receipt_number).content.decode()
    assert 'data-state="rejected"' in page and "不予备案理由" in page and "活动场所无法核实" in page


def test_it_shows_an_approval_without_a_reason_field(client, personas, draft):
    approved = advance(personas, draft, "approved")
    page = lookup(client, approved.receipt_number).content.decode()
    assert 'data-state="approved"' in page and "办结日期" in page and "data-reason" not in page


@pytest.mark.parametrize("typed", ["BA2345678923", "ba23 4567 8923", "not-a-receipt", "BA234567892", "%"])
def test_it_answers_an_unknown_receipt_with_a_message_only(client, personas, draft, typed):
    advance(personas, draft, "submitted")
    response = lookup(client, typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert NOT_FOUND in page
    assert "data-state" not in page and "幸福里社区银龄志愿服务队" not in page


def test_it_ignores_letter_case_and_spaces(client, personas, draft):
    receipt = advance(personas, draft, "submitted").receipt_number
    typed = f"  {receipt[:4].lower()} {receipt[4:8]}\t{receipt[8:].lower()} "
    page = lookup(client, typed).content.decode()
    assert 'data-state="submitted"' in page
    assert NOT_FOUND not in page


def test_it_never_finds_a_draft(client, draft):
    assert draft.receipt_number is None
    assert NOT_FOUND in lookup(client, "None").content.decode()
    # Even a draft that somehow carried a receipt number is not public.
    FilingApplication.objects.unrestricted().filter(pk=draft.pk).update(receipt_number="BA2345678923")
    assert NOT_FOUND in lookup(client, "BA2345678923").content.decode()


def test_it_needs_no_login(client, personas, draft):
    receipt = advance(personas, draft, "submitted").receipt_number
    response = lookup(client, receipt)  # the test client is anonymous
    assert response.status_code == 200
    assert 'data-state="submitted"' in response.content.decode()


def test_it_limits_lookups_per_client_address(client, personas, draft, settings):
    settings.PUBLIC_LOOKUP_RATE = (3, 600)
    receipt = advance(personas, draft, "submitted").receipt_number
    for typed in (receipt, "BA2345678923", receipt):
        assert lookup(client, typed).status_code == 200
    refused = lookup(client, receipt)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "查询过于频繁，请稍后再试" in page and 'data-state="' not in page
    assert refused["Retry-After"] == "600"
    # Another address has its own allowance.
    other = lookup(client, receipt, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200 and 'data-state="submitted"' in other.content.decode()
    cache.clear()  # the window has passed
    assert lookup(client, receipt).status_code == 200
