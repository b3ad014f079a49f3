"""The email that carries a password-reset link."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..models import User


def password_reset_link(account: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(account.pk))
    path = reverse("password-reset-confirm", args=[uid, default_token_generator.make_token(account)])
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def password_reset_mail(*, user_id: int) -> None:
    """Send the link to the account's address; nothing for an account gone or deactivated since."""
    account = User.objects.unrestricted().filter(pk=user_id, is_active=True).first()
    if account is None or not account.email:
        return
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    send_mail(
        subject="社区社会组织平台：找回密码",
        message=(
            f"您好，{account}：\n\n有人为账号 {account.get_username()} 申请了找回密码。"
            f"如是您本人，请在 {hours} 小时内打开以下链接设置新密码（链接只能使用一次）：\n\n"
            f"{password_reset_link(account)}\n\n如不是您本人申请，请忽略本邮件，您的密码不会改变。"
        ),
        from_email=None,
        recipient_list=[account.email],
    )
