"""The street office's other duties (revocation, announcements, dormancy review) and their public
pages: the directory (名录) and the announcements (公告)."""

from django.urls import path

from ..views import duties as views
from ..views import public_directory as public
from ..views import registration

urlpatterns = [
    path(
        "filing/organizations/<int:pk>/revoke/",
        views.OrganizationRevokeView.as_view(),
        name="organization-revoke",
    ),
    path(
        "filing/organizations/<int:pk>/registration/new/",
        registration.RegistrationCaseCreateView.as_view(),
        name="registration-case-create",
    ),
    path(
        "filing/registration-cases/<int:pk>/",
        registration.RegistrationCaseDetailView.as_view(),
        name="registration-case-detail",
    ),
    path(
        "filing/registration-cases/<int:pk>/<slug:action>/",
        registration.RegistrationCaseActionView.as_view(),
        name="registration-case-action",
    ),
    path("filing/announcements/", views.AnnouncementListView.as_view(), name="announcement-list"),
    path("filing/announcements/new/", views.AnnouncementCreateView.as_view(), name="announcement-create"),
    path("filing/dormancy/", views.DormancyListView.as_view(), name="dormancy-list"),
    path("filing/dormancy/flag/", views.DormancyFlagView.as_view(), name="dormancy-flag"),
    path("filing/dormancy/<int:pk>/dismiss/", views.DormancyDismissView.as_view(), name="dormancy-dismiss"),
    path("public/directory/", public.public_directory, name="public-directory"),
    path("public/announcements/", public.public_announcements, name="public-announcements"),
    path("public/announcements/<int:pk>/", public.public_announcement, name="public-announcement"),
    path(
        "public/announcements/<int:pk>/attachment/",
        public.public_announcement_attachment,
        name="public-announcement-attachment",
    ),
]
