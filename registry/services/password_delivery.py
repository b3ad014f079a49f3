"""Where a forgotten password's request goes: an emailed link when the account has an address and
mail is set up, otherwise a to-do message to the staff who keep the account (who check who is asking
and hand over a one-time password). The person asking is told the same thing either way."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from core.permissions import can

from ..divisions import ancestor_codes
from ..models import User
from ..models.accounts import ACCOUNT_KEEPERS
from .notifications import NotificationDraft, notifications_send_many

Channel = Literal["email", "staff", "none"]


def mail_configured() -> bool:
    """Mail leaves the platform only when a mail server is named (``EMAIL_HOST``)."""
    return bool(getattr(settings, "EMAIL_HOST", ""))


def keepers_of(account: User) -> list[User]:
    """The staff nearest the account who may reset it: its own level's keepers first (a street's
    colleagues), else the next level up, and so on; none for an account in no jurisdiction."""
    organization = account.organization
    place = account.region_id or (organization.community_id if organization else "")
    if not place:
        return []
    codes = [place, *ancestor_codes(place)]
    candidates = (
        User.objects.unrestricted()  # the account's keepers, found for no one in particular
        .filter(role__in=ACCOUNT_KEEPERS, is_active=True, is_superuser=False, region_id__in=codes)
        .exclude(pk=account.pk)
        .select_related("region")
    )
    keepers = [keeper for keeper in candidates if can(keeper, "registry.change_account", account)]
    for code in codes:
        nearest = [keeper for keeper in keepers if keeper.region_id == code]
        if nearest:
            return nearest
    return []


def deliver_reset(account: User) -> Channel:
    """Send the request on its way (the email after the commit); says which way it went."""
    if account.email and mail_configured():
        from ..tasks import send_password_reset_link

        transaction.on_commit(lambda: send_password_reset_link.delay(account.pk), robust=True)
        return "email"
    keepers = keepers_of(account)
    if not keepers:
        return "none"
    url = reverse("account-detail", args=[account.pk])
    title = f"账号 {account.get_username()} 申请找回密码"
    body = "请核实申请人身份后，在账号管理中为其重置密码（系统生成一次性密码，首次登录须修改）。"
    notifications_send_many(
        drafts=[NotificationDraft(user_id=keeper.pk, title=title, body=body, url=url) for keeper in keepers]
    )
    return "staff"
