"""Public receipt lookup (回执号查询, no login): where an application stands, and nothing personal."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from core.feedback import too_many_lookups
from core.ratelimit import hit

from ..choices import ApplicationState as S
from ..models import FilingApplication
from ..services.workflow import RECEIPT_ALPHABET
from ..wording import words_of

RECEIPT_PATTERN = re.compile(f"BA[{RECEIPT_ALPHABET}]{{10}}")
NOT_FOUND = "未查询到该回执号，请核对后重试"

# How the page shows each state the public can meet: Bootstrap colour and what happens next.
STATE_DISPLAY = {
    S.SUBMITTED: ("primary", "申请已提交，正在等待社区（村）委员会出具初审意见。"),
    S.OPINION_GIVEN: ("info", "社区（村）已出具初审意见，正在等待街道办事处（乡镇人民政府）审核决定。"),
    S.APPROVED: ("success", "已{approve}。"),
    S.RETURNED: ("warning", "申请已退回补正，请按下列意见修改后重新提交。"),
    S.REJECTED: ("danger", "街道办事处（乡镇人民政府）决定{reject}，理由如下。"),
}


def headline(state: str, label: str, colour: str, explanation: str) -> dict[str, str]:
    """What a public lookup's result card says first: the state, in its colour, and what it means."""
    return {"state": state, "label": label, "colour": colour, "explanation": explanation}


def normalize_receipt(value: str) -> str:
    """Receipts are read aloud and retyped: ignore spaces and letter case."""
    return "".join(value.split()).upper()


def _find(receipt: str) -> FilingApplication | None:
    if not RECEIPT_PATTERN.fullmatch(receipt):
        return None
    return FilingApplication.objects.receipt_lookup(receipt)


@never_cache
def public_status(request: HttpRequest) -> HttpResponse:
    """One exact receipt number per lookup, rate-limited per client address; no listing, no partial match."""
    receipt = normalize_receipt(request.GET.get("receipt", ""))[:32]
    context: dict[str, object] = {"receipt": receipt, "searched": bool(receipt)}
    if not receipt:
        return render(request, "public/status.html", context)
    limit, period = settings.PUBLIC_LOOKUP_RATE
    if not hit(request, "public-status", limit, period):
        return too_many_lookups(request, "public/status.html", context, period)
    application = _find(receipt)
    if application is None:
        return render(request, "public/status.html", {**context, "error": NOT_FOUND})
    colour, explanation = STATE_DISPLAY[application.state]
    words = words_of(application.kind)
    explanation = explanation.format(approve=words.approve, reject=words.reject)
    context.update(
        application=application,
        street=application.community.parent,
        headline=headline(application.state, application.get_state_display(), colour, explanation),
        deadline=application.current_deadline,
        reason=application.state_reason,
    )
    return render(request, "public/status.html", context)


VERIFICATION_CODE = re.compile(r"[A-Za-z0-9_-]{8,24}")


def verification_code(value: str) -> str:
    """The code typed in, or taken from the address printed under the certificate's QR code."""
    value = value.strip().rstrip("/")
    return value.rsplit("/", 1)[-1] if "/" in value else value


@never_cache
def public_verify(request: HttpRequest) -> HttpResponse:
    """Certificate check by hand: the code (or the whole address) printed on the certificate."""
    typed = request.GET.get("code", "")[:200]
    code = verification_code(typed)
    if not typed:
        return render(request, "public/verify_form.html", {"code": ""})
    if not VERIFICATION_CODE.fullmatch(code):
        error = "核验码格式不正确：请输入证书二维码下方印制的核验网址或其末尾的核验码"
        return render(request, "public/verify_form.html", {"code": typed, "error": error})
    return redirect("certificate-verify", code=code)
