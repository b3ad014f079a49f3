"""Certificate pages: the PDF download, the renewal list and the public verification page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from core.feedback import say_errors
from core.http import client_ip
from core.pages import Confirmation, ScopedMixin, confirmation
from core.permissions import can

from .. import services
from ..certificates import certificate_is_current, certificate_render
from ..models import Certificate
from ..rules import current_rules
from ..selectors_certificates import certificates_due_for_renewal
from ..services.certificates import certificate_record_download, renewal_opens_on

# How the public page shows each live status: label, Bootstrap colour, explanation.
LIVE_STATUS = {
    "valid": ("有效", "success", "该证书真实有效，组织处于正常备案状态。"),
    "expired": ("已过期", "warning", "该证书已超过有效期，组织应向所在街道（乡镇）申请换发。"),
    "revoked": ("已取消备案", "danger", "该组织已被取消备案，证书失效。"),
    "deregistered": ("已注销", "secondary", "该组织已注销，证书失效。"),
}


def _open_pdf(certificate: Certificate) -> File:
    """The stored PDF; rendered here and now if the worker has not made it yet, if it went missing,
    or if it is stale (made with another layout or font, e.g. boxes where a font was missing).
    The link on the pages therefore always answers with a current PDF, just a moment later."""
    if certificate_is_current(certificate):
        try:
            return certificate.pdf.open("rb")
        except FileNotFoundError:  # replaced by a re-render since the row was read, or lost
            pass
    certificate_render(certificate_id=certificate.pk, only_if_stale=True)
    certificate.refresh_from_db(fields=["pdf", "rendered_at", "renderer"])
    return certificate.pdf.open("rb")


class CertificateDownloadView(ScopedMixin, View):
    """The certificate PDF, to users who can see the organization; the download is audited."""

    model = Certificate
    select_related = ("organization",)

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        certificate = get_object_or_404(self.get_queryset(), pk=pk)
        pdf = _open_pdf(certificate)
        certificate_record_download(actor=request.user, certificate=certificate, ip=client_ip(request))
        return FileResponse(
            pdf,
            as_attachment=True,
            filename=f"备案证书-{certificate.filing_number}.pdf",
            content_type="application/pdf",
        )


class CertificateRenewalListView(LoginRequiredMixin, ListView):
    """Certificates of the jurisdiction that are due for renewal (换发) or already expired."""

    template_name = "filing/certificate_renewals.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Certificate]:
        return certificates_due_for_renewal(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for certificate in context["object_list"]:
            certificate.days_left = (certificate.valid_until - today).days
        context.update(
            notice_days=current_rules().renewal_notice_days,
            query_without_page="",
        )
        return context


class CertificateRenewView(ScopedMixin, View):
    """POST only: renew one certificate once confirmed; the outcome is a message on the page the
    user came from."""

    model = Certificate
    select_related = ("organization",)
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.POST.get("confirmed") != "yes":
            certificate = self.get_queryset().get(pk=pk)
            due = timezone.localdate() >= renewal_opens_on(certificate)
            if due and can(request.user, "filing.renew", certificate):
                return confirmation(request, _renewal(certificate), back_url=self._next_url(request))
        try:
            certificate = services.certificate_renew(
                actor=request.user, certificate_id=pk, ip=client_ip(request)
            )
        except ValidationError as error:
            say_errors(request, error)
        else:
            messages.success(
                request,
                f"已换发“{certificate.organization.name}”的备案证书（第{certificate.version}版），"
                f"有效期至{certificate.valid_until:%Y-%m-%d}；新证书文件正在生成。",
            )
        return redirect(self._next_url(request))

    @staticmethod
    def _next_url(request: HttpRequest) -> str:
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return reverse("certificate-renewals")


def _renewal(certificate: Certificate) -> Confirmation:
    term = current_rules().certificate_years
    return Confirmation(
        label="换发备案证书",
        subject=certificate.organization.name,
        summary=[
            f"备案编号 {certificate.filing_number} 不变，换发为第{certificate.version + 1}版证书，"
            f"有效期自今日起{term}年；原证书上的二维码继续有效，显示最新状态。",
            "新证书文件随后生成，下载的将是新版本。",
        ],
    )


@never_cache
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public (no login): the live status of the certificate a QR code points at, no personal data."""
    certificate = Certificate.objects.public_verification().filter(verification_code=code).first()
    if certificate is None:
        return render(request, "public/verify.html", {"certificate": None}, status=404)
    label, colour, explanation = LIVE_STATUS[certificate.live_status]
    organization = certificate.organization
    return render(
        request,
        "public/verify.html",
        {
            "certificate": certificate,
            "organization": organization,
            "street": organization.community.parent,
            "status": certificate.live_status,
            "status_label": label,
            "status_colour": colour,
            "status_explanation": explanation,
            "checked_at": timezone.localtime(),
        },
    )
