from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotAuthenticated, PermissionDenied

from core.rest.permissions import StaffOnly
from registry.forms import GuardedAuthenticationForm

admin.site.site_header = "社区社会组织平台 管理后台"
admin.site.site_title = "社区社会组织平台"
admin.site.index_title = "数据管理"


class ApiDocs(SpectacularSwaggerSplitView):
    """The interactive API documentation, for staff; its script is served apart (no inline script).
    A visitor who is not signed in is sent to the login page rather than shown a JSON refusal."""

    permission_classes = [StaffOnly]

    def handle_exception(self, exc):
        if isinstance(exc, NotAuthenticated | PermissionDenied) and not self.request.user.is_authenticated:
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)


urlpatterns = [
    path("", include("registry.urls")),
    path("", include("filing.urls")),
    path("", include("incubation.urls")),
    path("", include("assessment.urls")),
    path("", include("core.urls")),
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=GuardedAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api")),
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[StaffOnly]), name="api-schema"),
    path("api/docs/", ApiDocs.as_view(url_name="api-schema"), name="api-docs"),
]

handler400 = "core.handlers.bad_request"
handler403 = "core.handlers.permission_denied"
handler404 = "core.handlers.page_not_found"
handler500 = "core.handlers.server_error"
