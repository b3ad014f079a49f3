"""Drafting an application: its proposal, contact and materials, while it is the applicant's to edit."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from core.errors import Code, Denied
from core.permissions import can, require
from core.trail import record
from core.uploads import sniff_kind, stored_name, validate_document
from registry.choices import OrganizationStatus, RegionLevel, Role
from registry.errors import RegistryCode
from registry.identifiers import validate_mobile
from registry.models import Organization, Region, User

from ..choices import ApplicationKind, FilingAction, MaterialKind
from ..errors import FilingCode
from ..models import ApplicationMaterial, FilingApplication
from ..permissions import OWNER, STREET, application_parts
from .proposals import clean_proposal, missing_materials, serialize_proposal

MATERIAL_KINDS = ("pdf", "jpg", "png", "docx", "xlsx")


def _check_contact(name: str, phone: str) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    if not (name or "").strip():
        errors["contact_name"] = [ValidationError("请填写联系人", code=Code.REQUIRED)]
    try:
        validate_mobile(phone or "")
    except ValidationError as error:
        errors["contact_phone"] = [error]
    return errors


EARLIEST_FACT = datetime.date(2000, 1, 1)


def _check_fact_date(fact_date: datetime.date | None) -> dict[str, list[ValidationError]]:
    """A change or dissolution has happened (deadlines count from it), and not before the platform's
    records begin: a date out of that range is a typing slip, refused before any deadline uses it."""
    if fact_date is None or EARLIEST_FACT <= fact_date <= timezone.localdate():
        return {}
    message = "事项发生日期应在%(earliest)s至今天之间"
    params = {"earliest": f"{EARLIEST_FACT.year}年{EARLIEST_FACT.month}月{EARLIEST_FACT.day}日"}
    return {"fact_date": [ValidationError(message, code=FilingCode.FACT_DATE_OUT_OF_RANGE, params=params)]}


def _check_target(
    actor: User, kind: str, community: Region | None, organization: Organization | None
) -> dict[str, list[ValidationError]]:
    """Where it is filed: a community the actor may file in, and an organization it may act for."""
    if kind == ApplicationKind.NEW:
        if community is None or community.level != RegionLevel.COMMUNITY:
            return {
                "community": [ValidationError("请选择组织所在的社区/村", code=RegistryCode.NOT_A_COMMUNITY)]
            }
        if actor.role == Role.STREET and not actor.region.contains(community.code):
            return {
                "community": [ValidationError("所选社区/村不在您的辖区内", code=Code.OUTSIDE_JURISDICTION)]
            }
        return {}
    if organization is None:
        return {"organization": [ValidationError("请选择要办理的组织", code=Code.REQUIRED)]}
    visible = Organization.objects.for_user(actor).filter(
        pk=organization.pk, status=OrganizationStatus.ACTIVE
    )
    if not visible.exists() or (
        actor.role == Role.STREET and not actor.region.contains(organization.community_id)
    ):
        return {
            "organization": [
                ValidationError("只能为辖区内（或本组织）在册的组织办理", code=Code.OUTSIDE_JURISDICTION)
            ]
        }
    if organization.tier != "filed":
        return {
            "organization": [
                ValidationError("只有街道备案的组织在此办理变更或注销", code=FilingCode.NOT_FILED)
            ]
        }
    return {}


STREET_PREFIX = 9  # a street's communities share the first nine digits of their division code


def _check_name(
    community_code: str,
    proposal: dict[str, Any],
    *,
    application: FilingApplication | None = None,
    organization: Organization | None = None,
) -> dict[str, list[ValidationError]]:
    """A proposed name must be free in the street: no active organization bears it and no other
    application in progress proposes it. Checked when a draft is saved and when it is submitted, so
    the applicant hears of it then and not at the street's decision."""
    name = (proposal.get("name") or "").strip()
    if not name:
        return {}
    prefix = community_code[:STREET_PREFIX]
    holders = Organization.objects.public_register().filter(community__code__startswith=prefix, name=name)
    if organization is not None:
        holders = holders.exclude(pk=organization.pk)
    if holders.exists():
        return {
            "name": [ValidationError("本街道（乡镇）已有同名的在册组织", code=RegistryCode.DUPLICATE_NAME)]
        }
    claims = FilingApplication.objects.names_claimed(prefix, name)
    if application is not None:
        claims = claims.exclude(pk=application.pk)
    if claims.exists():
        return {
            "name": [
                ValidationError("本街道（乡镇）已有同名组织正在申请备案", code=RegistryCode.DUPLICATE_NAME)
            ]
        }
    return {}


@transaction.atomic
def application_create(
    *,
    actor: User,
    kind: str,
    contact_name: str,
    contact_phone: str,
    proposal: dict[str, Any] | None = None,
    community: Region | None = None,
    organization: Organization | None = None,
    fact_date: datetime.date | None = None,
    shared_venue: bool = False,
) -> FilingApplication:
    """Start a draft: street staff on an organization's behalf, an organization's own account,
    or a new applicant for a new filing."""
    require(actor, "filing.apply", message="您的角色不能提交备案申请")
    if kind not in ApplicationKind.values:
        raise ValidationError({"kind": ValidationError("请选择申请类型", code=Code.INVALID_CHOICE)})
    if kind == ApplicationKind.NEW and actor.role == Role.ORGANIZATION:
        raise ValidationError(
            {"kind": ValidationError("组织账号只能办理本组织的变更或注销", code=Code.INVALID_CHOICE)}
        )
    errors = {
        **_check_contact(contact_name, contact_phone),
        **_check_target(actor, kind, community, organization),
    }
    cleaned: dict[str, Any] = {}
    try:
        cleaned = clean_proposal(kind, proposal or {})
    except ValidationError as error:
        for field, messages in error.update_error_dict({}).items():
            errors.setdefault(field, []).extend(messages)
    if kind != ApplicationKind.NEW and fact_date is None:
        errors["fact_date"] = [ValidationError("请填写变更或解散的日期", code=Code.REQUIRED)]
    errors.update(_check_fact_date(fact_date))
    if not errors.keys() & {"name", "community", "organization"}:
        code = community.code if kind == ApplicationKind.NEW else organization.community_id
        errors.update(_check_name(code, cleaned, organization=organization))
    if errors:
        raise ValidationError(errors)
    return FilingApplication.objects.create(
        kind=kind,
        applicant=actor,
        contact_name=contact_name.strip(),
        contact_phone=contact_phone,
        community=community if kind == ApplicationKind.NEW else organization.community,
        organization=organization if kind != ApplicationKind.NEW else None,
        proposal=serialize_proposal(cleaned),
        fact_date=fact_date,
        shared_venue=shared_venue,
    )


def _name_free(application: FilingApplication, proposal: dict[str, Any]) -> dict[str, list[ValidationError]]:
    return _check_name(
        application.community_id, proposal, application=application, organization=application.organization
    )


def _editable(actor: User, application_id: int) -> FilingApplication:
    application = FilingApplication.objects.for_user(actor).select_for_update().get(pk=application_id)
    if not application_parts(actor, application) & {OWNER, STREET}:
        raise Denied("只有申请人或街道可以修改申请")
    if not can(actor, "filing.edit", application):
        raise ValidationError("申请已提交，当前不能修改", code=FilingCode.NOT_EDITABLE)
    return application


@transaction.atomic
def application_update(*, actor: User, application_id: int, data: dict[str, Any]) -> FilingApplication:
    """Edit a draft or a returned application (its proposal, contact, dates, shared venue)."""
    application = _editable(actor, application_id)
    errors = _check_contact(
        data.get("contact_name", application.contact_name),
        data.get("contact_phone", application.contact_phone),
    )
    errors.update(_check_fact_date(data.get("fact_date")))
    if "proposal" in data:
        try:
            cleaned = clean_proposal(application.kind, data["proposal"])
        except ValidationError as error:
            errors.update(error.update_error_dict({}))
        else:
            application.proposal = serialize_proposal(cleaned)
            errors.update(_name_free(application, cleaned))
    if errors:
        raise ValidationError(errors)
    fields = [name for name in ("contact_name", "contact_phone", "fact_date", "shared_venue") if name in data]
    for name in fields:
        setattr(application, name, data[name])
    application.save(update_fields=[*fields, "proposal", "updated_at"])
    return application


def material_add(*, actor: User, application_id: int, kind: str, upload: File) -> ApplicationMaterial:
    """Attach one document (see ``materials_add``)."""
    (material,) = materials_add(actor=actor, application_id=application_id, kind=kind, uploads=[upload])
    return material


@transaction.atomic
def materials_add(
    *, actor: User, application_id: int, kind: str, uploads: list[File]
) -> list[ApplicationMaterial]:
    """Attach documents of one kind, all or none: each file's type is judged by its content and its
    size is capped, and so are the number and the total size of an application's materials (counted
    under the application's lock). A refusal names the file it is about."""
    application = _editable(actor, application_id)
    if kind not in MaterialKind.values:
        raise ValidationError({"kind": ValidationError("请选择材料类型", code=Code.INVALID_CHOICE)})
    if not uploads:
        raise ValidationError({"file": ValidationError("请选择要上传的文件", code=Code.REQUIRED)})
    problems: list[ValidationError] = []
    for upload in uploads:
        try:
            validate_document(upload, kinds=MATERIAL_KINDS)
        except ValidationError as error:
            name = stored_name(upload.name) if len(uploads) > 1 else ""
            problems.extend(
                ValidationError(f"{name}：{message}" if name else message, code=problem.code)
                for problem in error.error_list
                for message in problem.messages
            )
    if problems:
        raise ValidationError({"file": problems})
    _check_room(application, len(uploads), sum(upload.size for upload in uploads))
    return [
        ApplicationMaterial.objects.create(
            application=application,
            kind=kind,
            file=upload,
            original_name=stored_name(upload.name),
            size=upload.size,
            content_kind=sniff_kind(upload) or "",
            uploaded_by=actor,
        )
        for upload in uploads
    ]


MATERIALS_MAX = 30
MATERIALS_TOTAL_MAX = 100 * 1024 * 1024


def _check_room(application: FilingApplication, count: int, size: int) -> None:
    held = (
        ApplicationMaterial.objects.unrestricted()
        .filter(application=application)
        .aggregate(count=Count("pk"), total=Sum("size"))
    )
    if held["count"] + count > MATERIALS_MAX:
        raise ValidationError(
            {
                "file": ValidationError(
                    f"每份申请最多上传 {MATERIALS_MAX} 个材料，请先删除不需要的文件",
                    code=FilingCode.TOO_MANY_MATERIALS,
                )
            }
        )
    if (held["total"] or 0) + size > MATERIALS_TOTAL_MAX:
        raise ValidationError(
            {
                "file": ValidationError(
                    f"每份申请的材料合计不能超过 {MATERIALS_TOTAL_MAX // (1024 * 1024)} MB，"
                    "请先删除不需要的文件或压缩后再上传",
                    code=FilingCode.MATERIALS_TOO_LARGE,
                )
            }
        )


@transaction.atomic
def material_remove(*, actor: User, material_id: int) -> None:
    material = ApplicationMaterial.objects.for_user(actor).select_related("application").get(pk=material_id)
    _editable(actor, material.application_id)
    stored = material.file.name
    material.delete()
    # The file goes only once the row is gone for good; a rolled-back removal keeps both.
    transaction.on_commit(lambda: material.file.storage.delete(stored), robust=True)


def check_complete(application: FilingApplication) -> None:
    """Completeness before submission: the proposal meets the filing conditions and every required
    material is attached. Truthfulness is the applicant's signed commitment, not the street's check."""
    errors: dict[str, list[ValidationError]] = {}
    try:
        clean_proposal(application.kind, application.proposal)
    except ValidationError as error:
        errors.update(error.update_error_dict({}))
    else:
        errors.update(_name_free(application, application.proposal))
    if application.kind != ApplicationKind.NEW and application.fact_date is None:
        errors["fact_date"] = [ValidationError("请填写变更或解散的日期", code=Code.REQUIRED)]
    present = {material.kind for material in application.materials.all()}
    missing = missing_materials(application.kind, present)
    if missing:
        errors["materials"] = [
            ValidationError(
                "缺少材料：%(missing)s",
                code=FilingCode.MISSING_MATERIALS,
                params={"missing": "、".join(missing)},
            )
        ]
    if errors:
        raise ValidationError(errors)


def material_open(
    *, actor: User, material_id: int, ip: str | None = None
) -> tuple[ApplicationMaterial, File]:
    """A material's file for download, to those who may see its application; every download is noted
    in the trail of the application (by the material's kind, never its file name)."""
    material = ApplicationMaterial.objects.for_user(actor).select_related("application").get(pk=material_id)
    application = material.application
    with transaction.atomic():
        record(
            actor=actor,
            action=FilingAction.MATERIAL_DOWNLOADED,
            subject=application,
            region=application.community_id,
            organization=application.organization_id,
            label=f"{application.get_kind_display()} {application.receipt_number or ''}".strip(),
            reason=material.get_kind_display(),
            ip=ip,
        )
    return material, material.file.open("rb")
