"""What a work report must hold, checked: a period that has begun, the narrative, the figures, the
activities (dated inside the period) and an attachment that is a document. Every error at once, on its
field (``period``, ``narrative``, ``volunteer_hours`` …, ``activities`` one message per faulty row)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File

from core.errors import Code
from core.uploads import validate_document

from ..evaluation.errors import EvaluationCode
from ..evaluation.periods import ReportPeriod, period_of
from ..evaluation.rubric import decimal_of
from ..evaluation.rules import current_rules

NARRATIVE_MAX = 10_000
ATTACHMENT_KINDS = ("pdf", "docx", "xlsx", "jpg", "png")
AMOUNTS = {
    "volunteer_hours": ("志愿服务时长", Decimal("0.1"), Decimal("9999999.9")),
    "funds_received": ("收到资金", Decimal("0.01"), Decimal("9999999999.99")),
    "funds_used": ("使用资金", Decimal("0.01"), Decimal("9999999999.99")),
}


def clean_period(data: Mapping[str, Any], today: datetime.date) -> ReportPeriod:
    """The reported period, which must have begun: a report for a future period is refused."""
    try:
        year, index = int(data.get("year") or 0), int(data.get("period_index") or 0)
    except (TypeError, ValueError):
        year = index = 0
    period = period_of(str(data.get("period_kind") or ""), year, index)
    if period.start > today:
        raise ValidationError(
            {
                "period": ValidationError(
                    "%(period)s尚未开始，不能报送该期工作报告",
                    code=EvaluationCode.FUTURE_PERIOD,
                    params={"period": period.label},
                )
            }
        )
    return period


def clean_amounts(data: Mapping[str, Any]) -> tuple[dict[str, Decimal], dict[str, list[ValidationError]]]:
    cleaned, errors = {}, {}
    for name, (label, step, top) in AMOUNTS.items():
        value = decimal_of(data.get(name) if data.get(name) not in (None, "") else 0)
        if value is None or value != value.quantize(step):
            errors[name] = [
                ValidationError(f"{label}应为数字（小数位不超过{len(str(step)) - 2}位）", code=Code.INVALID)
            ]
        elif not Decimal(0) <= value <= top:
            errors[name] = [ValidationError(f"{label}不能为负数或过大", code=EvaluationCode.NEGATIVE)]
        else:
            cleaned[name] = value
    return cleaned, errors


def _activity_error(position: int, item: Any, period: ReportPeriod | None, today: datetime.date) -> str:
    if not isinstance(item, Mapping):
        return f"第{position}项活动格式有误"
    title = str(item.get("title") or "").strip()
    if not title or len(title) > 100:
        return f"第{position}项活动须填写名称（不超过100个字）"
    held_on = item.get("held_on")
    if isinstance(held_on, str):
        try:
            held_on = datetime.date.fromisoformat(held_on)
        except ValueError:
            held_on = None
    if not isinstance(held_on, datetime.date):
        return f"第{position}项活动须填写正确的日期"
    if held_on > today:
        return f"第{position}项活动的日期不能晚于今天"
    if period is not None and not period.start <= held_on <= period.end:
        return f"第{position}项活动的日期不在{period.label}之内"
    participants = item.get("participants")
    if isinstance(participants, bool) or not str(participants).isdigit() or int(participants) > 1_000_000:
        return f"第{position}项活动的参加人数应为不小于0的整数"
    return ""


def clean_activities(
    raw: Iterable[Mapping[str, Any]], period: ReportPeriod | None, today: datetime.date
) -> list[dict[str, Any]]:
    """The activities listed, each named, dated inside the period (and not later than today), with
    a head count. Raises ValidationError on ``activities``, one message per faulty row."""
    items = list(raw or [])
    if len(items) > current_rules().max_activities:
        message = f"一份报告至多列{current_rules().max_activities}项活动"
        raise ValidationError({"activities": ValidationError(message, code=EvaluationCode.TOO_MANY)})
    messages = [
        m for position, item in enumerate(items, 1) if (m := _activity_error(position, item, period, today))
    ]
    if messages:
        raise ValidationError({"activities": [ValidationError(m, code=Code.INVALID) for m in messages]})
    return [
        {
            "title": str(item["title"]).strip(),
            "held_on": item["held_on"]
            if isinstance(item["held_on"], datetime.date)
            else datetime.date.fromisoformat(item["held_on"]),
            "participants": int(item["participants"]),
        }
        for item in items
    ]


def clean_content(
    data: Mapping[str, Any], period: ReportPeriod | None, today: datetime.date
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Narrative, amounts and activities checked together, every error at once."""
    errors: dict[str, list[ValidationError]] = {}
    narrative = str(data.get("narrative") or "").strip()
    if not narrative:
        errors["narrative"] = [ValidationError("请填写工作情况", code=Code.REQUIRED)]
    elif len(narrative) > NARRATIVE_MAX:
        errors["narrative"] = [ValidationError(f"不能超过{NARRATIVE_MAX}个字", code=Code.TOO_LONG)]
    amounts, amount_errors = clean_amounts(data)
    errors.update(amount_errors)
    activities: list[dict[str, Any]] = []
    try:
        activities = clean_activities(data.get("activities") or [], period, today)
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    return {"narrative": narrative, **amounts}, activities


def check_attachment(upload: File | None) -> None:
    if upload is None:
        return
    try:
        validate_document(upload, kinds=ATTACHMENT_KINDS)
    except ValidationError as error:
        raise ValidationError({"attachment": error.error_list}) from error
