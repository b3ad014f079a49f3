from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.scoping import Action, ChildScopedQuerySet, ScopedModel, ScopedQuerySet, scoped_manager
from registry.choices import Role

from .. import wording
from ..choices import ApplicationKind, ApplicationState, MaterialKind, Opinion

# An application holds its proposed name in the street from submission until it is decided.
NAME_HOLDING_STATES = (ApplicationState.SUBMITTED, ApplicationState.OPINION_GIVEN, ApplicationState.RETURNED)


class FilingApplicationQuerySet(ScopedQuerySet):
    region_field = "community__code"
    # Street offices decide and community committees give the first opinion; each transition
    # checks its own role in the workflow table, so "change" here only opens the door.
    change_roles = frozenset({Role.STREET, Role.COMMUNITY})

    def scope_filter(self, user: Any, action: Action) -> Q:
        if user.role in (Role.ORGANIZATION, Role.APPLICANT) or user.region_id is None:
            own = Q(applicant=user)
            if user.organization_id:
                own |= Q(organization_id=user.organization_id)
            return own
        return super().scope_filter(user, action)

    def receipt_lookup(self, receipt: str) -> FilingApplication | None:
        """The submitted application with exactly this receipt number, for the public status page;
        anyone holding the receipt may see where it stands."""
        return (
            self.public("receipt-lookup")
            .filter(receipt_number=receipt)
            .exclude(state=ApplicationState.DRAFT)
            .select_related("community__parent", "organization")
            .first()
        )

    def names_claimed(self, street_prefix: str, name: str) -> FilingApplicationQuerySet:
        """Applications in progress in one street that propose this name for a new or renamed
        organization, for the duplicate-name check (an organization's name is public; nothing else
        of these applications is read)."""
        return (
            self.public("name-check")
            .filter(
                community__code__startswith=street_prefix,
                state__in=NAME_HOLDING_STATES,
                proposal__name=name,
            )
            .only("pk")
        )


@dataclass(frozen=True)
class Deadline:
    short: str
    label: str
    due: datetime.date | None


class FilingApplication(ScopedModel):
    """One application to the street office: a new filing, a change, or a deregistration on request.

    The proposed organization data is kept as submitted (``proposal``) and only becomes the
    organization's record when the street approves.
    """

    kind = models.CharField("申请类型", max_length=16, choices=ApplicationKind.choices)
    state = models.CharField(
        "办理状态", max_length=16, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    community = models.ForeignKey(
        "registry.Region", verbose_name="所属社区/村", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filing_applications",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请账号", on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=11)
    proposal = models.JSONField("申请内容", default=dict, blank=True)
    fact_date = models.DateField("事项发生日期", null=True, blank=True, help_text="变更或解散的日期")
    shared_venue = models.BooleanField("一址多社", default=False)
    commitment_accepted_at = models.DateTimeField("信用承诺时间", null=True, blank=True)
    commitment_text = models.TextField("信用承诺内容", blank=True)
    receipt_number = models.CharField("回执号", max_length=20, unique=True, null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    opinion = models.CharField("社区意见", max_length=16, choices=Opinion.choices, blank=True)
    opinion_note = models.TextField("社区意见说明", blank=True)
    venue_certified = models.BooleanField("社区已确认共用场所", default=False)
    opinion_due = models.DateField("社区初审期限", null=True, blank=True)
    decision_due = models.DateField("街道办结期限", null=True, blank=True)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)
    decision_reason = models.TextField("办结意见", blank=True)
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    return_reason = models.TextField("退回补正意见", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = scoped_manager(FilingApplicationQuerySet)

    class Meta:
        verbose_name = "备案申请"
        verbose_name_plural = "备案申请"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["community", "state"], name="application_community_state"),
            models.Index(fields=["state", "opinion_due"], name="application_opinion_due"),
            models.Index(fields=["state", "decision_due"], name="application_decision_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.display_name}"

    @property
    def display_name(self) -> str:
        if self.organization_id and self.kind != ApplicationKind.NEW:
            return self.organization.name
        return self.proposal.get("name") or "（未填写名称）"

    @property
    def street_code(self) -> str:
        return self.community_id[:9].ljust(12, "0")

    @property
    def current_deadline(self) -> Deadline | None:
        """The deadline the application is waiting on: the community's opinion, then the street's."""
        if self.state == ApplicationState.SUBMITTED:
            return Deadline("初审", "社区初审期限", self.opinion_due)
        if self.state == ApplicationState.OPINION_GIVEN:
            return Deadline("办结", "街道办结期限", self.decision_due)
        return None

    @property
    def state_reason(self) -> str:
        """Why the application stands where it does, as the applicant must read it: the correction
        asked for, or the reason of a refusal."""
        if self.state == ApplicationState.RETURNED:
            return self.return_reason
        if self.state == ApplicationState.REJECTED:
            return self.decision_reason
        return ""

    @property
    def state_reason_label(self) -> str:
        if self.state == ApplicationState.RETURNED:
            return "补正意见"
        return wording.words_of(self.kind).reject_reason

    def get_state_display(self) -> str:
        """The state as this kind of application names it (a deregistration approved is 已注销)."""
        return wording.state_label(self.kind, self.state)

    def get_opinion_display(self) -> str:
        return wording.opinion_label(self.kind, self.opinion)


def material_upload_path(instance: ApplicationMaterial, filename: str) -> str:
    # Random names outside the web root: original names may carry personal data.
    return f"materials/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class MaterialQuerySet(ChildScopedQuerySet):
    parent_field = "application"


class ApplicationMaterial(ScopedModel):
    application = models.ForeignKey(
        FilingApplication, verbose_name="申请", on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField("材料类型", max_length=16, choices=MaterialKind.choices)
    file = models.FileField("文件", upload_to=material_upload_path)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_kind = models.CharField("文件类型", max_length=8)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    objects = scoped_manager(MaterialQuerySet)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"
