"""In-app notifications (站内消息): each user reads and clears only their own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from core.pages import ScopedMixin

from .. import services
from ..models import Notification


class NotificationListView(LoginRequiredMixin, ListView):
    """The user's messages, newest first; ``?unread=1`` keeps the unread ones."""

    template_name = "registry/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 30

    def get_queryset(self) -> QuerySet[Notification]:
        queryset = Notification.objects.for_user(self.request.user)
        return queryset.unread() if self.request.GET.get("unread") == "1" else queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["only_unread"] = self.request.GET.get("unread") == "1"
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


def _safe_local_url(request: HttpRequest, url: str) -> str | None:
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


class NotificationReadView(ScopedMixin, View):
    """Mark one message read; with ``open`` set, go on to the page it points to."""

    model = Notification
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = services.notification_mark_read(user=request.user, notification_id=pk)
        target = _safe_local_url(request, notification.url) if request.POST.get("open") else None
        return HttpResponseRedirect(target or reverse("notification-list"))


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"已将 {count} 条消息标为已读" if count else "没有未读消息")
    return HttpResponseRedirect(reverse("notification-list"))
