from django.urls import path

from .views import accounts, networks, notifications, passwords
from .views import organizations as views
from .views.home import home
from .views.signup import signup

urlpatterns = [
    path("", home, name="home"),
    path("signup/", signup, name="signup"),
    path("account/password/", passwords.password_change, name="password-change"),
    path("password-reset/", passwords.password_reset, name="password-reset"),
    path("password-reset/<uidb64>/<token>/", passwords.password_reset_confirm, name="password-reset-confirm"),
    path("accounts/", accounts.AccountListView.as_view(), name="account-list"),
    path("accounts/new/", accounts.AccountCreateView.as_view(), name="account-create"),
    path("accounts/<int:pk>/", accounts.AccountDetailView.as_view(), name="account-detail"),
    path("accounts/<int:pk>/edit/", accounts.AccountUpdateView.as_view(), name="account-update"),
    path(
        "accounts/<int:pk>/reset-password/",
        accounts.AccountResetPasswordView.as_view(),
        name="account-reset-password",
    ),
    path("accounts/<int:pk>/<str:action>/", accounts.AccountActionView.as_view(), name="account-action"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path("organizations/export.xlsx", views.OrganizationExportView.as_view(), name="organization-export"),
    path("organizations/new/", views.OrganizationCreateView.as_view(), name="organization-create"),
    path("organizations/<int:pk>/", views.OrganizationDetailView.as_view(), name="organization-detail"),
    path("organizations/<int:pk>/edit/", views.OrganizationUpdateView.as_view(), name="organization-update"),
    path(
        "organizations/<int:pk>/reveal/", views.OrganizationRevealView.as_view(), name="organization-reveal"
    ),
    path(
        "organizations/<int:pk>/charter/",
        views.OrganizationCharterView.as_view(),
        name="organization-charter",
    ),
    path("social-workers/", networks.SocialWorkerListView.as_view(), name="social-worker-list"),
    path("social-workers/new/", networks.SocialWorkerCreateView.as_view(), name="social-worker-create"),
    path(
        "social-workers/<int:pk>/edit/",
        networks.SocialWorkerUpdateView.as_view(),
        name="social-worker-update",
    ),
    path("federations/", networks.FederationListView.as_view(), name="federation-list"),
    path("federations/new/", networks.FederationCreateView.as_view(), name="federation-create"),
    path("federations/<int:pk>/", networks.FederationDetailView.as_view(), name="federation-detail"),
    path("federations/<int:pk>/edit/", networks.FederationUpdateView.as_view(), name="federation-update"),
    path("notifications/", notifications.NotificationListView.as_view(), name="notification-list"),
    path(
        "notifications/<int:pk>/read/", notifications.NotificationReadView.as_view(), name="notification-read"
    ),
    path("notifications/read-all/", notifications.notification_read_all, name="notification-read-all"),
]
